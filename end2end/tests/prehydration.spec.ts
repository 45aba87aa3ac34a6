import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

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

// No held-back WASM here: the person taps and types at once, so the keys arrive *while*
// the app loads and hydrates (a visitor's tap is what starts loading it). Hydration
// writes each field from the app's state; that must not wipe what is there, nor the
// keys still arriving. Several typing speeds, as the window moves with each one.
for (const delay of [0, 20, 45, 70, 100]) {
  test(`a search typed during hydration keeps every character (${delay} ms a key)`, async ({ page }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 2 });
    await page.goto("/");
    const box = page.getByTestId("search-input");
    await box.click();
    await page.keyboard.type("nota fiscal rejeitada", { delay });
    await hydrated(page);
    await expect(box).toHaveValue("nota fiscal rejeitada");
    await expect(page).toHaveURL(/\/busca\?q=nota(\+|%20)fiscal(\+|%20)rejeitada/);
    await expect(box).toHaveValue("nota fiscal rejeitada");
  });
}

// A signed-in page starts the app by itself once the browser is idle, and these pages
// wait for their lazy chunks too. With the main WASM a little late (not the chunks: their
// preloads hold the load event) and a long text, typing at once lands before, during and
// after hydration.
async function typeWhileLoading(page: Page, path: string, field: string, text: string) {
  await page.route("**/pkg/suporte.*.wasm", async (route) => {
    await new Promise((done) => setTimeout(done, 300));
    await route.continue();
  });
  await page.goto(path, { waitUntil: "domcontentloaded" });
  await page.getByTestId(field).click();
  expect(await notHydrated(page)).toBe(true);
  await page.keyboard.type(text, { delay: 40 });
  await hydrated(page);
  await expect(page.getByTestId(field)).toHaveValue(text);
}

test("an occurrence and a reply typed while their pages load keep every character", async ({ page }) => {
  await signIn(page, "gp@metalurgica.example", "ClienteOuro#2026");
  await page.evaluate(() => localStorage.clear());
  const title = "Nota fiscal rejeitada na emissão em lote, depois da atualização de versão";
  await typeWhileLoading(page, "/ocorrencias/nova", "occurrence-title", title);
  // And it is the app's state too (the draft kept in the browser), not only the box.
  await expect
    .poll(() => page.evaluate(() => localStorage.getItem("suporte.rascunho-ocorrencia:gp@metalurgica.example") ?? ""))
    .toContain(title);
  // Opened, its own page too: a reply typed while that page loads goes out whole.
  await page.getByTestId("occurrence-module").selectOption("fiscal");
  await page.getByTestId("occurrence-description").fill("A SEFAZ devolve rejeição 539 para as notas do lote.");
  await page.getByTestId("occurrence-submit").click();
  await expect(page).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const reply = "Mais um detalhe: acontece só com notas de exportação, desde ontem à tarde";
  await typeWhileLoading(page, new URL(page.url()).pathname, "reply-text", reply);
  await page.getByTestId("reply-submit").click();
  await expect(page.getByTestId("timeline")).toContainText(reply);
});

test("an article typed while the editor loads keeps every character", async ({ page }) => {
  await signIn(page, "coordenacao@uno.example", "Coordena#2026");
  await typeWhileLoading(page, "/coordenacao/conteudo/novo", "content-body", "Digitado **cedo** no editor, enquanto a página ainda carregava o aplicativo");
  // The preview is rendered from the app's state: it has the whole text.
  await expect(page.getByTestId("content-preview").locator("strong")).toHaveText("cedo");
});
