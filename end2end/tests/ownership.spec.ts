import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";
import { openOccurrence } from "./occurrence-form";

// Opens an occurrence as the Metalúrgica's project manager; returns the customer's page
// (on the occurrence) and its path.
async function openAsCustomer(browser: Browser, title: string): Promise<[Page, string]> {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOccurrence(customer, {
    title,
    description: "O pedido 77 não gera a nota.",
    steps: "1. Faturar o pedido 77",
  });
  await hydrated(customer);
  return [customer, path];
}

test("an action button is visibly off until the app is live, and a click then works", async ({ browser }) => {
  const [, path] = await openAsCustomer(browser, "Pedido 77 sem nota");
  const n1 = await (await browser.newContext()).newPage();
  await signIn(n1, "ana.n1@uno.example", "AnalistaN1#2026");
  // A slow phone: the WASM arrives seconds after the HTML.
  await n1.route("**/pkg/*.wasm", async (route) => {
    await new Promise((done) => setTimeout(done, 2_500));
    await route.continue();
  });
  await n1.goto(path, { waitUntil: "domcontentloaded" });
  const take = n1.getByTestId("action-take");
  await expect(take).toBeVisible();
  const before = await n1.evaluate(() => (window as any).__suporte_hydrated === true);
  expect(before, "the page hydrated before the check; the WASM delay did not hold").toBe(false);
  await expect(take).toBeDisabled();
  await expect(take).toHaveAttribute("title", "Carregando a página…");
  await hydrated(n1);
  await expect(take).toBeEnabled();
  await take.click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
});

test("the coordinator reassigns from the page: the new owner sees it live, the customer never reads the reason", async ({ browser }) => {
  const [customer, path] = await openAsCustomer(browser, "Pedido 78 sem nota");
  const number = path.replace("/ocorrencias/", "");
  const n1 = await (await browser.newContext()).newPage();
  await signIn(n1, "ana.n1@uno.example", "AnalistaN1#2026");
  await n1.goto(path);
  await hydrated(n1);
  await n1.getByTestId("action-take").click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");

  // Bruno's "Minhas" is open before the case becomes his.
  const n2 = await (await browser.newContext()).newPage();
  await signIn(n2, "bruno.n2@uno.example", "AnalistaN2#2026");
  await n2.goto("/atendimento?fila=minhas");
  await hydrated(n2);
  await expect(n2.getByTestId("queue")).toBeVisible();
  await expect(n2.locator(`[data-testid="occurrence-row"][data-number="${number}"]`)).toHaveCount(0);

  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  await coordinator.goto("/atendimento?fila=todas");
  await hydrated(coordinator);
  await expect(coordinator.getByTestId("queue-all")).toHaveAttribute("aria-current", "page");
  const row = coordinator.locator(`[data-testid="occurrence-row"][data-number="${number}"]`);
  await expect(row).toBeVisible();
  await coordinator.goto(path);
  await hydrated(coordinator);
  await coordinator.getByTestId("reassign").locator("summary").click();
  await expect(coordinator.getByTestId("action-reassign")).toHaveAttribute("data-visibility", "internal");
  await coordinator.getByTestId("reassign-to").selectOption({ label: "Bruno Análise (N2)" });
  await coordinator.getByTestId("reassign-reason").fill("Ana em treinamento esta semana");
  await coordinator.getByTestId("action-reassign").click();
  await expect(coordinator.getByTestId("timeline")).toContainText("Ana em treinamento esta semana");

  // Bruno's queue shows it without a reload; Ana's page no longer offers her actions.
  await expect(n2.locator(`[data-testid="occurrence-row"][data-number="${number}"]`)).toBeVisible();
  await expect(n1.getByTestId("action-resolve")).toHaveCount(0);
  await expect(customer.getByTestId("timeline")).not.toContainText("Ana em treinamento");
  await customer.reload();
  await hydrated(customer);
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  expect(await customer.content()).not.toContain("Ana em treinamento");
});
