import { expect, type Page } from "@playwright/test";

/**
 * The live map draws runners as discs on one canvas (its pane `leaflet-runners-pane`), so there is no element
 * per runner to find: a runner's disc is found by its colour in that canvas's pixels (each runner of an event
 * gets its own colour, in participant order: see `runnerColor`). Returns the centre of those pixels in page
 * coordinates, or null when none is drawn. `minAlpha` below 255 also finds a faded (stale) disc.
 */
export async function discAt(page: Page, hex: string, minAlpha = 250) {
  return page.locator(".leaflet-runners-pane canvas").evaluate(
    (el, [hex, minAlpha]) => {
      const canvas = el as HTMLCanvasElement;
      const data = canvas.getContext("2d")?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) return null;
      const want = [1, 3, 5].map((i) => Number.parseInt(String(hex).slice(i, i + 2), 16));
      const [r = 0, g = 0, b = 0] = want;
      const alpha = Number(minAlpha);
      let n = 0;
      let sx = 0;
      let sy = 0;
      // Every other pixel of every other row: a disc is 24 px wide, and the scan stays quick.
      for (let y = 0; y < canvas.height; y += 2) {
        for (let x = 0; x < canvas.width; x += 2) {
          const i = (y * canvas.width + x) * 4;
          if ((data[i + 3] ?? 0) < alpha) continue;
          const dr = Math.abs((data[i] ?? 0) - r);
          if (dr > 6 || Math.abs((data[i + 1] ?? 0) - g) > 6 || Math.abs((data[i + 2] ?? 0) - b) > 6)
            continue;
          n += 1;
          sx += x;
          sy += y;
        }
      }
      if (n < 4) return null;
      const box = canvas.getBoundingClientRect();
      const scale = box.width / canvas.width;
      return { x: Math.round(box.left + (sx / n) * scale), y: Math.round(box.top + (sy / n) * scale) };
    },
    [hex, minAlpha] as const,
  );
}

/** Waits until the runner's disc is drawn (or, with `drawn` false, until it is not). */
export async function expectDisc(page: Page, hex: string, drawn = true, minAlpha = 250) {
  await expect.poll(async () => (await discAt(page, hex, minAlpha)) !== null).toBe(drawn);
}

/** Colours of the first participants of an event, and the grey of a runner gone silent (runner-dot.ts). */
export const DISC = {
  first: "#e4572e",
  second: "#2563eb",
  third: "#16a34a",
  stale: "#8a949e",
  selectedRing: "#111827",
};
