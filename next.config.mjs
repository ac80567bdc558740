/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several builds run side by side (e.g. NEXT_DIST_DIR=.next-bench).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite loads its WebAssembly and data files at run time: keep it out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "@prisma/schema-engine-wasm"],
  poweredByHeader: false,
  // The build type-checks the app only; `npm run check` type-checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  typedRoutes: false,
};

export default nextConfig;
