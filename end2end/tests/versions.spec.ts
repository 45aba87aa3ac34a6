import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

async function openOne(customer: Page, title: string): Promise<string> {
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("erro");
  await customer.getByTestId("occurrence-criticality").selectOption("alta");
  await customer.getByTestId("occurrence-title").fill(title);
  await customer.getByTestId("occurrence-description").fill("O CT-e volta com rejeição 539 desde a última atualização.");
  await customer.getByTestId("occurrence-steps").fill("1. Emitir o CT-e 2. Transmitir");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  return new URL(customer.url()).pathname;
}

// The weekly version, as the manual tells it: the fix waits on 2026.49, the coordinator
// publishes it, and the customer — watching the page — sees the case resolved by that
// version, with the way to update and a pre-filled request to schedule it.
test("a case awaiting 2026.49 is resolved live when the coordinator publishes it", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  await coordinator.goto("/coordenacao/versoes");
  await hydrated(coordinator);
  const form = coordinator.getByTestId("version-form");
  await form.getByTestId("version-number").fill("2026.49");
  await form.getByTestId("version-planned").fill("2026-12-04");
  await form.getByTestId("version-notes").fill("## Fiscal\n\n- Corrige a rejeição 539 na emissão do CT-e.");
  await form.getByTestId("version-submit").click();
  const row = coordinator.locator('[data-testid=versions] tr[data-version="2026.49"]');
  await expect(row).toContainText("Não publicada");

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOne(customer, "CT-e com rejeição 539");

  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  const awaiting = ana.getByTestId("await-version");
  await awaiting.locator("summary").click();
  await awaiting.getByTestId("version-select").selectOption("2026.49");
  await awaiting.getByTestId("await-version-message").fill("Reproduzimos e corrigimos; obrigado pelo XML.");
  await expect(awaiting.getByTestId("action-await-version")).toHaveAttribute("data-visibility", "public");
  await awaiting.getByTestId("action-await-version").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_versao");
  await expect(ana.getByTestId("awaiting-version")).toContainText("2026.49");

  // The customer's open page shows the target version without a reload.
  await hydrated(customer);
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_versao");
  await expect(customer.getByTestId("awaiting-version")).toContainText("2026.49");
  await expect(customer.getByTestId("awaiting-version")).toContainText("04/12/2026");

  await coordinator.reload();
  await hydrated(coordinator);
  await expect(row).toContainText("1 ocorrência(s)");
  await row.getByTestId("version-publish").click();
  await expect(coordinator.getByTestId("version-published")).toContainText("1 ocorrência(s) resolvida(s)");
  await expect(row).toContainText("Publicada em");
  await expect(row.getByTestId("version-publish")).toHaveCount(0);

  // Live: resolved by the version, with how to update.
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "resolvida");
  const fixed = customer.getByTestId("fixed-in-version");
  await expect(fixed).toContainText("2026.49");
  await expect(customer.getByTestId("timeline")).toContainText("saiu na versão 2026.49");
  await fixed.getByTestId("request-update").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/nova\?tipo=solicitacao/);
  await hydrated(customer);
  await expect(customer.getByTestId("occurrence-title")).toHaveValue("Atualização para a versão 2026.49");
  await expect(customer.getByTestId("occurrence-type")).toHaveValue("solicitacao");
  await expect(customer.getByTestId("occurrence-module")).toHaveValue("fiscal");
  await expect(customer.getByTestId("occurrence-description")).toHaveValue(/versão 2026\.49.*corrige a ocorrência OC \d{4}\/\d{6}/);

  // Anyone reads the published version and its notes.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/versoes");
  const list = visitor.getByTestId("versions-public");
  await expect(list.locator('[data-version="2026.49"]')).toContainText("Corrige a rejeição 539 na emissão do CT-e.");
});
