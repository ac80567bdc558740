export const NO_POINTS_MESSAGE = "no track points found";

/**
 * A file the user supplied cannot be read as an activity. The message is written for that user;
 * when the file is known it is in `file` and the message starts with its name.
 */
export class FormatError extends Error {
  constructor(
    message: string,
    public readonly file?: string,
  ) {
    super(message);
    this.name = "FormatError";
  }
}

/**
 * A well-formed file with nothing to import (no track, no timed or positioned points). Archives
 * skip such entries instead of failing, since exports often hold indoor activities.
 */
export class NoTrackPointsError extends FormatError {
  constructor(message: string = NO_POINTS_MESSAGE, file?: string) {
    super(message, file);
    this.name = "NoTrackPointsError";
  }
}

/** Names the file in a FormatError that does not name one yet; other errors pass through. */
export function withFile(error: unknown, file: string | undefined): unknown {
  if (!(error instanceof FormatError) || file === undefined || error.file !== undefined) return error;
  const message = `${file}: ${error.message}`;
  return error instanceof NoTrackPointsError
    ? new NoTrackPointsError(message, file)
    : new FormatError(message, file);
}

export function fileError(message: string, file: string | undefined): FormatError {
  return file === undefined ? new FormatError(message) : new FormatError(`${file}: ${message}`, file);
}
