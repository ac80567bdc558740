import { z } from "zod";
import { requiredText, text } from "./common";
import { ACTIVITY_TYPES } from "./track";

export const ZImportFile = z.object({
  name: requiredText(255).meta({ example: "morning-run.gpx" }),
  data_base64: z
    .base64({ message: "expected the file's bytes in base64" })
    .min(1)
    .meta({ description: "The file's bytes, base64 (GPX, TCX, FIT, or a zip of them)" }),
});

/** POST /imports: JSON with base64 files, or multipart/form-data with `file` parts (converted to this shape). */
export const ZImportRequest = z.object({
  files: z.array(ZImportFile).min(1).max(50),
  activity_type: z.enum(ACTIVITY_TYPES).optional().meta({ description: "Overrides the file's sport" }),
  user_id: text(255).optional().meta({ description: "Participant the tracks belong to" }),
  title: requiredText(500)
    .optional()
    .meta({ description: "Title for the imported tracks (default: the file's)" }),
  event_id: z.uuid().optional().meta({ description: "Dashboard only: the organiser's event" }),
  locale: z
    .enum(["fr", "en"])
    .optional()
    .meta({ description: "Language of the titles made up for files without a name (default French)" }),
  keep_duplicates: z
    .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")])
    .optional()
    .meta({
      description:
        "Import an activity even when the event already holds the same one (same participant, overlapping time, near-identical path): otherwise 409 naming it",
    }),
});
export type TImportRequest = z.infer<typeof ZImportRequest>;

export const ZImportResponse = z.object({
  tracks: z.array(
    z.object({
      id: z.uuid(),
      uri: z.string().meta({ example: "/api/tracks/6f1c1c9e-2f4b-4d7e-9a55-0c1d2e3f4a5b" }),
      file: z.string(),
      title: z.string(),
      activity_type: z.enum(ACTIVITY_TYPES),
      points_count: z.number().int(),
      distance_meters: z.number().nullable(),
      repairs: z
        .array(z.string())
        .meta({ description: "What was repaired or left out of a damaged file (empty when nothing was)" }),
    }),
  ),
});
export type TImportResponse = z.infer<typeof ZImportResponse>;
