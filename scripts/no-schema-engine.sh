#!/bin/sh
echo "Runify: the native Prisma schema engine is not used; run npm run db:migrate (scripts/db.ts)" >&2
exit 1
