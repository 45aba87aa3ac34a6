import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";

const accounts = {
  coordinator: { email: "coordenacao@uno.example", password: "Coordena#2026" },
  n1: { email: "ana.n1@uno.example", password: "AnalistaN1#2026" },
  n2: { email: "bruno.n2@uno.example", password: "AnalistaN2#2026" },
  pmReady: { email: "gp@metalurgica.example", password: "ClienteOuro#2026" },
  pmMissing: { email: "gp@distribuidora.example", password: "ClientePrata#2026" },
  vipExtra: { email: "ti@alimentos.example", password: "ClienteVip2#2026" },
};

async function signIn(page: Page, who: { email: string; password: string }, succeeds = true) {
  await page.goto("/entrar");
  await hydrated(page);
  await page.getByTestId("sign-in-email").fill(who.email);
  await page.getByTestId("sign-in-password").fill(who.password);
  await page.getByRole("button", { name: "Entrar" }).click();
  if (succeeds) {
    await expect(page).not.toHaveURL(/\/entrar$/);
    await expect(page.getByTestId("user-name")).toBeVisible();
  } else {
    await expect(page.getByTestId("sign-in-error")).toBeVisible();
  }
}

const menu = (page: Page) => page.getByTestId("main-menu");

test("each demo role signs in and sees its own menu", async ({ page }) => {
  const cases: [keyof typeof accounts, string, RegExp, string[]][] = [
    ["coordinator", "coordinator", /\/coordenacao$/, ["Empresas", "Analistas", "Auditoria"]],
    ["n1", "analyst_n1", /\/atendimento$/, ["Atendimento", "Clientes"]],
    ["n2", "analyst_n2", /\/atendimento$/, ["Atendimento", "Clientes"]],
    ["pmReady", "customer", /\/minha-empresa$/, ["Minha empresa", "Ocorrências"]],
    ["vipExtra", "customer", /\/minha-empresa$/, ["Minha empresa", "Ocorrências"]],
  ];
  for (const [who, role, landing, items] of cases) {
    await page.context().clearCookies();
    await signIn(page, accounts[who]);
    await expect(page).toHaveURL(landing);
    await expect(menu(page)).toHaveAttribute("data-role", role);
    for (const item of items) await expect(menu(page).getByRole("link", { name: item })).toBeVisible();
    await expect(page.getByTestId("role-switch")).toBeVisible();
    await page.getByTestId("sign-out").click();
    await expect(page.getByTestId("sign-in-link")).toBeVisible();
    await expect(menu(page)).toHaveAttribute("data-role", "visitor");
  }
});

test("the role switch changes the whole app's view and menu", async ({ page }) => {
  await signIn(page, accounts.coordinator);
  await expect(menu(page)).toHaveAttribute("data-role", "coordinator");

  await page.getByTestId("role-switch").selectOption("analyst_n2");
  await expect(page).toHaveURL(/\/atendimento$/);
  await expect(menu(page)).toHaveAttribute("data-role", "analyst_n2");
  await expect(menu(page).getByRole("link", { name: "Auditoria" })).toHaveCount(0);

  // While acting as N2, coordinator screens are refused by the server too.
  await page.goto("/coordenacao/auditoria");
  await expect(page.getByTestId("error")).toContainText("não tem acesso");
  await hydrated(page);

  await page.getByTestId("role-switch").selectOption("");
  await expect(page).toHaveURL(/\/$/);
  await expect(menu(page)).toHaveAttribute("data-role", "visitor");
  await expect(page.getByTestId("search-input")).toBeVisible();

  await page.getByTestId("role-switch").selectOption("coordinator");
  await expect(menu(page)).toHaveAttribute("data-role", "coordinator");
});

test("a customer missing a prerequisite sees the checklist instead of the way to open an occurrence", async ({ page }) => {
  await signIn(page, accounts.pmMissing);
  await page.goto("/ocorrencias");
  const checklist = page.getByTestId("prerequisites-checklist");
  await expect(checklist).toBeVisible();
  await expect(checklist.getByTestId("prerequisite")).toHaveCount(3);
  await expect(checklist).toContainText("Termo de aceite");
  await expect(page.getByTestId("open-occurrence")).toHaveCount(0);

  await page.context().clearCookies();
  await signIn(page, accounts.pmReady);
  await page.goto("/ocorrencias");
  await expect(page.getByTestId("open-occurrence")).toBeVisible();
  await expect(page.getByTestId("prerequisites-checklist")).toHaveCount(0);
});

test("a wrong password is refused without saying whether the e-mail exists", async ({ page }) => {
  await signIn(page, { email: accounts.pmReady.email, password: "senha errada 123" }, false);
  const known = (await page.getByTestId("sign-in-error").textContent())!.trim();
  await signIn(page, { email: "ninguem@nao-existe.example", password: "senha errada 123" }, false);
  const unknown = (await page.getByTestId("sign-in-error").textContent())!.trim();
  expect(known).toBe("E-mail ou senha incorretos.");
  expect(unknown).toBe(known);
  await expect(page).toHaveURL(/\/entrar$/);
});

test("the coordinator is told clearly when a plan has no room for another contact", async ({ page }) => {
  await signIn(page, accounts.coordinator);
  await page.goto("/coordenacao/empresas");
  await hydrated(page);
  await page.getByRole("link", { name: "Metalúrgica Sorocaba Ltda." }).click();
  await hydrated(page);
  const form = page.getByTestId("add-contact-form");
  await form.getByLabel("Nome").fill("Segundo Contato");
  await form.getByLabel("E-mail").fill("segundo@metalurgica.example");
  await form.getByLabel("Papel").selectOption("vip_extra");
  await form.getByRole("button", { name: "Adicionar contato" }).click();
  await expect(page.getByTestId("contact-error")).toContainText("exclusivo do plano VIP");
  await expect(page.getByTestId("company-contacts").locator("li")).toHaveCount(1);
});

test("the coordinator sees a company's attachment space and changes it in GB", async ({ page }) => {
  await signIn(page, accounts.coordinator);
  await page.goto("/coordenacao/empresas");
  await hydrated(page);
  await page.getByRole("link", { name: "Metalúrgica Sorocaba Ltda." }).click();
  await hydrated(page);
  await expect(page.getByTestId("attachment-usage")).toContainText(/Em uso: .* de 2 GB/);
  const form = page.getByTestId("attachment-quota-form");
  await page.getByTestId("attachment-quota").fill("muito");
  await form.getByRole("button", { name: "Salvar espaço" }).click();
  await expect(form.getByTestId("action-error")).toContainText("Espaço para anexos: informe um número de GB");
  await page.getByTestId("attachment-quota").fill("0,5");
  await form.getByRole("button", { name: "Salvar espaço" }).click();
  await expect(form.getByTestId("action-ok")).toHaveText("Espaço para anexos salvo.");
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("attachment-usage")).toContainText("de 500 MB");
  await expect(page.getByTestId("attachment-quota")).toHaveValue("0,5");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("sign-in, a wrong password and sign-out work as plain forms", async ({ page }) => {
    await page.goto("/entrar");
    await page.getByTestId("sign-in-email").fill(accounts.n2.email);
    await page.getByTestId("sign-in-password").fill("senha errada 123");
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect(page).toHaveURL(/\/entrar\?erro=credenciais$/);
    await expect(page.getByTestId("sign-in-error")).toHaveText("E-mail ou senha incorretos.");

    await page.getByTestId("sign-in-email").fill(accounts.n2.email);
    await page.getByTestId("sign-in-password").fill(accounts.n2.password);
    await page.getByRole("button", { name: "Entrar" }).click();
    await expect(page).toHaveURL(/\/atendimento$/);
    await expect(page.getByTestId("user-name")).toHaveText("Bruno Análise");

    await page.getByTestId("role-switch").selectOption("");
    await page.getByTestId("role-submit").click();
    await expect(page).toHaveURL(/\/$/);
    await expect(menu(page)).toHaveAttribute("data-role", "visitor");

    await page.getByTestId("sign-out").click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId("sign-in-link")).toBeVisible();
  });
});

test("ending a session from the session list signs the other browser out", async ({ browser }) => {
  const other = await browser.newContext();
  const elsewhere = await other.newPage();
  await signIn(elsewhere, accounts.pmReady);

  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, accounts.pmReady);
  await page.goto("/conta");
  await hydrated(page);
  const sessions = page.getByTestId("session");
  await expect(sessions.first()).toBeVisible();
  const others = page.locator('[data-testid="session"][data-current="false"]');
  const before = await others.count();
  expect(before).toBeGreaterThan(0);
  // End every other session (the other browser's among them).
  while ((await others.count()) > 0) {
    const n = await others.count();
    await others.first().getByTestId("end-session").click();
    await expect(others).toHaveCount(n - 1);
  }
  await expect(page.locator('[data-testid="session"][data-current="true"]')).toHaveCount(1);

  await elsewhere.goto("/conta");
  await expect(elsewhere).toHaveURL(/\/entrar$/);
  await expect(elsewhere.getByTestId("sign-in-form")).toBeVisible();
  await other.close();
  await context.close();
});

test("'Minha empresa' simulates the plan's deadlines from now, in the browser", async ({ page }) => {
  await signIn(page, accounts.pmReady);
  await expect(page).toHaveURL(/\/minha-empresa$/);
  await hydrated(page);
  const simulation = page.getByTestId("sla-simulation");
  await expect(simulation).toContainText("Se você abrir agora uma ocorrência Alta, a primeira resposta vence");
  const alta = await simulation.textContent();
  await page.getByTestId("sla-simulator").getByRole("combobox").selectOption("baixa");
  await expect(simulation).toContainText("ocorrência Baixa");
  // A lower criticality never has an earlier solution deadline.
  expect(await simulation.textContent()).not.toBe(alta);
  await expect(simulation).toContainText(/(seg|ter|qua|qui|sex) \d{2}\/\d{2} às \d{2}:\d{2}/);
});
