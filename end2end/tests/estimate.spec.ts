import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// FAQ 9: a data change priced by N2 and approved by the customer in the app.
test("N2 sends a data change's estimate; the customer sees it live and approves it", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("solicitacao");
  await customer.getByTestId("occurrence-criticality").selectOption("baixa");
  await customer.getByTestId("occurrence-title").fill("Alterar o NCM de 40 itens");
  await customer.getByTestId("occurrence-description").fill("Os itens da linha 7 estão com o NCM antigo.");
  await customer.getByTestId("occurrence-steps").fill("1. Abrir o cadastro dos itens da linha 7");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const path = new URL(customer.url()).pathname;
  await hydrated(customer);

  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await ana.getByText("Escalar para o Nível 2").click();
  await ana.getByTestId("simulation-record").fill("Pedido de alteração em massa do NCM.");
  await ana.getByTestId("action-escalate").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "escalada_n2");

  const bruno = await (await browser.newContext()).newPage();
  await signIn(bruno, "bruno.n2@uno.example", "AnalistaN2#2026");
  await bruno.goto(path);
  await hydrated(bruno);
  await bruno.getByText("Orçamento de alteração de dados (FAQ 9)").click();
  const form = bruno.getByTestId("estimate-form");
  await form.getByTestId("estimate-hours").fill("12,5");
  await form.getByTestId("estimate-cost").fill("1.500,00");
  await form.getByTestId("estimate-description").fill("Atualizar o NCM dos 40 itens da linha 7 direto na base.");
  await form.getByTestId("action-estimate").click();
  await expect(bruno.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_aprovacao");

  // The customer's open page shows it without a reload, the clock paused.
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_aprovacao");
  const card = customer.getByTestId("estimate");
  await expect(card).toHaveAttribute("data-decision", "pendente");
  await expect(card.getByTestId("estimate-hours-shown")).toHaveText("12,5 h");
  await expect(card.getByTestId("estimate-cost-shown")).toHaveText("R$ 1.500,00");
  await expect(customer.getByTestId("sla-countdown")).toHaveAttribute("data-status", "paused");
  await card.getByTestId("estimate-approve").click();
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_desenvolvimento");
  await expect(customer.getByTestId("estimate")).toHaveAttribute("data-decision", "aprovado");
  await expect(customer.getByTestId("estimate-decided")).toContainText("Aprovado por Marcos Gerente em");
  await expect(customer.getByTestId("estimate-approve")).toHaveCount(0);

  // Support sees the decision live.
  await expect(bruno.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_desenvolvimento");
  await expect(bruno.getByTestId("estimate-decided")).toContainText("Marcos Gerente");
});
