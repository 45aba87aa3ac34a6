import { test, expect, type Page } from "@playwright/test";
import { hydrated } from "./hydration";

// A slow phone: the CPU throttled and the WASM arriving late, so the person types while
// the page is still plain HTML. What they typed must survive hydration and take effect.
async function slowStart(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  await page.route("**/pkg/*.wasm", async (route) => {
    await new Promise((done) => setTimeout(done, 2_500));
    await route.continue();
  });
}

const notHydrated = (page: Page) => page.evaluate(() => (window as any).__suporte_hydrated !== true);

test("a search typed before hydration is kept and searched", async ({ page }) => {
  await slowStart(page);
  await page.goto("/", { waitUntil: "domcontentloaded" });
  const box = page.getByTestId("search-input");
  await box.pressSequentially("nota fiscal", { delay: 20 });
  expect(await notHydrated(page)).toBe(true);
  await hydrated(page);
  await expect(box).toHaveValue("nota fiscal");
  await expect(page).toHaveURL(/\/busca\?q=nota(\+|%20)fiscal/);
  await expect(page.getByTestId("search-results")).toBeVisible();
  await expect(box).toHaveValue("nota fiscal");
});

test("a sign-in typed before hydration is kept", async ({ page }) => {
  await slowStart(page);
  await page.goto("/entrar", { waitUntil: "domcontentloaded" });
  await page.getByTestId("sign-in-email").fill("gp@metalurgica.example");
  await page.getByTestId("sign-in-password").fill("ClienteOuro#2026");
  expect(await notHydrated(page)).toBe(true);
  await hydrated(page);
  await expect(page.getByTestId("sign-in-email")).toHaveValue("gp@metalurgica.example");
  await page.getByRole("button", { name: "Entrar" }).click();
  await expect(page.getByTestId("user-name")).toBeVisible();

  // The occurrence form too (its fields are bound to the draft kept in the browser).
  await page.goto("/ocorrencias/nova", { waitUntil: "domcontentloaded" });
  await page.getByTestId("occurrence-title").fill("Digitado antes da hidratação");
  expect(await notHydrated(page)).toBe(true);
  await hydrated(page);
  await expect(page.getByTestId("occurrence-title")).toHaveValue("Digitado antes da hidratação");
});
