import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { signIn } from "./sign-in";

// The app's code (JS and WASM under /pkg/) requested by a page.
function appRequests(page: Page) {
  const urls: string[] = [];
  page.on("request", (r) => {
    if (/^\/pkg\/.*\.(js|wasm)$/.test(new URL(r.url()).pathname)) urls.push(r.url());
  });
  return urls;
}

// Not `hydrated()` from ./hydration: that one starts the app itself (`__suporte_load`),
// and these tests check what starts it.
const isHydrated = (page: Page) =>
  page.waitForFunction(() => (window as any).__suporte_hydrated === true, null, { timeout: 25_000 });

// Past the moment an eager page starts the app (the shell starts it in the browser's first
// idle time after the load event), then one request of our own: the browser reports
// requests in order, so once ours is seen, an app request made before it was seen too.
async function pastEagerStart(page: Page) {
  await page.waitForLoadState("load");
  await page.evaluate(
    () => new Promise<void>((done) => requestIdleCallback(() => setTimeout(done, 0), { timeout: 1_500 })),
  );
  const marker = page.waitForRequest((r) => r.url().endsWith("/healthz?marcador"));
  await page.evaluate(() => fetch("/healthz?marcador").then(() => undefined));
  await marker;
}

test("a visitor who only reads downloads no app code; a tap on the search box loads it and search works", async ({ page }) => {
  const app = appRequests(page);
  await page.goto("/");
  await page.goto("/faq/quando-ligar");
  await expect(page.locator("main h1")).toBeVisible();
  await pastEagerStart(page);
  expect(app, "app code requested by a page a visitor only read").toEqual([]);

  await page.goto("/");
  await page.getByTestId("search-input").focus();
  await isHydrated(page);
  expect(app.some((u) => u.endsWith(".wasm"))).toBe(true);
  await page.getByTestId("search-input").pressSequentially("nota fiscal", { delay: 20 });
  await expect(page).toHaveURL(/\/busca\?q=nota(\+|%20)fiscal/);
  await expect(page.getByTestId("search-results")).toBeVisible();
});

test("a signed-in person's page loads the app without waiting for a gesture, its chunks named early", async ({ page }) => {
  await signIn(page, "gp@metalurgica.example", "ClienteOuro#2026");
  const app = appRequests(page);
  const response = await page.goto("/minha-empresa");
  await isHydrated(page);
  expect(app.some((u) => u.endsWith(".wasm"))).toBe(true);
  // The page's lazy chunks are preloaded from the response headers, each fetched once
  // (a preload that did not match the loader's request would show as a second fetch).
  const preloads = ((await response!.allHeaders())["link"] ?? "").match(/<[^>]+\.wasm>; rel=preload/g) ?? [];
  expect(preloads.length).toBeGreaterThan(0);
  const chunks = app.filter((u) => /\/chunk_/.test(u));
  expect(chunks.length).toBeGreaterThan(0);
  expect(new Set(chunks).size).toBe(chunks.length);
});
