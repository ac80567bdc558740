import type { FieldErrors } from "./use-event-form";

/** A field's error message, referenced by its input's aria-describedby (see `invalidProps`). */
export function FieldError({ errors, field }: { errors: FieldErrors; field: keyof FieldErrors }) {
  return errors[field] ? (
    <span className="error" id={`${field}-error`} role="alert">
      {errors[field]}
    </span>
  ) : null;
}

/** Marks an input invalid and points it at its message, when the field has an error. */
export const invalidProps = (errors: FieldErrors, field: keyof FieldErrors) =>
  errors[field] ? { "aria-invalid": true as const, "aria-describedby": `${field}-error` } : {};
