import { Prisma } from "~/generated/prisma/client";

/** True when `error` is a unique-constraint violation (Prisma P2002), optionally on a column named in `field`. */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return false;
  if (!field) return true;
  return JSON.stringify(error.meta ?? {}).includes(field);
}
