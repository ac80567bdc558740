/** Ports of the end-to-end servers (override when they clash with something else running). */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);
export const E2E_TILE_PORT = Number(process.env.E2E_TILE_PORT ?? 3199);
export const E2E_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
