import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";

/** Collects console errors and uncaught exceptions (hydration problems show up here). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(err.message));
  return errors;
}

test("search as you type shows results without reload and updates the URL", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/");
  await hydrated(page);
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as any).__same_page = true));

  const box = page.getByTestId("search-input");
  await box.click();
  await box.pressSequentially("rejeicao", { delay: 40 });

  const results = page.getByTestId("search-results");
  await expect(results.getByTestId("search-result").first()).toBeVisible();
  await expect(page).toHaveURL(/\/busca\?q=rejeicao$/);
  expect(await page.evaluate(() => (window as any).__same_page)).toBe(true);
  // The box kept focus and the text while results replaced the home content.
  await expect(box).toBeFocused();
  await expect(box).toHaveValue("rejeicao");
  await expect(results.locator("mark").first()).toBeVisible();
  expect(errors).toEqual([]);
});

test("typing more refines the results and the URL follows the last query", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  const box = page.getByTestId("search-input");
  await box.click();
  await box.pressSequentially("boleto", { delay: 30 });
  await expect(page).toHaveURL(/q=boleto$/);
  await box.pressSequentially(" remessa", { delay: 30 });
  await expect(page).toHaveURL(/q=boleto\+remessa$/);
  const first = page.getByTestId("search-result").first();
  await expect(first.getByTestId("result-title")).toHaveText("Boletos: arquivos de remessa e retorno");
});

test("opening a result shows the article, hydrated with no console error", async ({ page }) => {
  const errors = watchErrors(page);
  await page.goto("/busca?q=atualizar");
  await hydrated(page);
  const first = page.getByTestId("search-result").first();
  const title = (await first.getByTestId("result-title").textContent())!.trim();
  await first.getByTestId("result-title").click();
  await expect(page.getByTestId("article-title")).toHaveText(title);
  await expect(page.getByTestId("breadcrumbs")).toContainText("Início");

  // A direct load of the article must hydrate cleanly too.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("article-title")).toHaveText(title);
  expect(errors).toEqual([]);
});

test("without JavaScript, /busca returns the same first result", async ({ browser, page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByTestId("search-input").pressSequentially("nota rejeitada", { delay: 30 });
  await expect(page).toHaveURL(/q=nota\+rejeitada$/);
  const withJs = await page.getByTestId("search-result").first().getByTestId("result-title").textContent();

  const noJs = await browser.newContext({ javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/");
  await plain.getByTestId("search-input").fill("nota rejeitada");
  await plain.getByTestId("search-input").press("Enter");
  await expect(plain).toHaveURL(/\/busca\?q=nota\+rejeitada/);
  const withoutJs = await plain.getByTestId("search-result").first().getByTestId("result-title").textContent();
  expect(withoutJs).toBe(withJs);
  await noJs.close();
});

test("a typo still leads somewhere useful", async ({ page }) => {
  await page.goto("/busca?q=atualizasao");
  await expect(page.getByTestId("did-you-mean")).toContainText("atualização");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
});

test("unknown pages answer 404 with a way back", async ({ page }) => {
  const response = await page.goto("/faq/pagina-que-nao-existe");
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toBeVisible();
});

test("the portal is usable from the keyboard on a phone-sized screen", async ({ page }) => {
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto("/");
  await hydrated(page);
  // The page does not scroll sideways on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Tab reaches the search box, typing searches, Enter-free.
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press("Tab");
    if (await page.getByTestId("search-input").evaluate((el) => el === document.activeElement)) break;
  }
  await expect(page.getByTestId("search-input")).toBeFocused();
  await page.keyboard.type("ferias");
  await expect(page.getByTestId("search-result").first()).toBeVisible();
});

test("a newer query cancels the request of an older one still in flight", async ({ page }) => {
  // Count aborted fetches as the page sees them.
  await page.addInitScript(() => {
    const abort = AbortController.prototype.abort;
    (window as any).__aborted = 0;
    AbortController.prototype.abort = function (...args) {
      (window as any).__aborted += 1;
      return abort.apply(this, args);
    };
  });
  await page.goto("/");
  await hydrated(page);
  // Hold the first search request on the network so it is still in flight.
  let held = false;
  await page.route("**/api/buscar", async (route) => {
    if (!held) {
      held = true;
      await new Promise((r) => setTimeout(r, 3_000));
    }
    await route.continue().catch(() => {});
  });
  const box = page.getByTestId("search-input");
  await box.click();
  await box.pressSequentially("boleto", { delay: 20 });
  // Wait for the state, not a fixed time: the first request has reached the network.
  await expect.poll(() => held).toBe(true);
  await box.pressSequentially(" remessa", { delay: 20 });
  await expect(page.getByTestId("search-result").first().getByTestId("result-title")).toHaveText(
    "Boletos: arquivos de remessa e retorno",
  );
  await expect.poll(() => page.evaluate(() => (window as any).__aborted)).toBe(1);
});
