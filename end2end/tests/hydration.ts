import type { Page } from "@playwright/test";

// Waits until the WASM has hydrated the page. A visitor's page loads the app only on a
// sign of intent (a key, a focused field: `ui/front_files.rs`), so this starts it the way
// tools do (`__suporte_load`). If it does not hydrate within 25 s, prints what the page
// had loaded (resources with timings and statuses), so an intermittent stall can be
// diagnosed from the CI log instead of only "timeout".
export async function hydrated(page: Page) {
  try {
    await page.waitForFunction(
      () => {
        (window as any).__suporte_load?.();
        return (window as any).__suporte_hydrated === true;
      },
      null,
      { timeout: 25_000 },
    );
  } catch (e) {
    const diag = await page.evaluate(() => ({
      url: location.href,
      ready: document.readyState,
      panic: (window as any).__suporte_panic ?? null,
      errors: (window as any).__suporte_errors ?? null,
      html: document.documentElement.outerHTML.length,
      scripts: Array.from(document.scripts).map((s) => [s.src || s.textContent!.slice(0, 60), s.nonce ? "nonce" : "-"]),
      res: performance
        .getEntriesByType("resource")
        .map((r: any) => [r.name, Math.round(r.startTime), Math.round(r.responseEnd), r.transferSize, r.responseStatus]),
    }));
    console.log("HYDRATION STALLED", JSON.stringify(diag));
    throw e;
  }
}
