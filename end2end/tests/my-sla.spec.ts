import { test, expect } from "./fixtures";
import { nextWorkingDay, setClock } from "./clock";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// The month (Brasília) of the real now, as "aaaa-mm".
function thisMonth(): string {
  return new Date(Date.now() - 3 * 3_600_000).toISOString().slice(0, 7);
}

// The SLA promise, visible to the customer: the plan's penalty rule on /planos and on
// "Minha empresa", and on "Meu SLA" a case whose deadlines passed, with its credit.
test("the customer's 'Meu SLA' shows a missed deadline and the credit it gives", async ({ browser }) => {
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/planos");
  await expect(visitor.getByTestId("penalty-rule")).toHaveCount(3);
  await expect(visitor.getByTestId("plan-card").filter({ hasText: "VIP" }).getByTestId("penalty-rule")).toContainText("5 % da mensalidade");

  const context = await browser.newContext();
  const customer = await context.newPage();
  await signIn(customer, "gp@alimentos.example", "ClienteVip#2026");
  await customer.goto("/minha-empresa");
  await expect(customer.getByTestId("penalty-rule")).toContainText("até 20 %");
  await expect(customer.getByTestId("sla-acknowledged")).toContainText("tabela ");

  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("duvida");
  await customer.getByTestId("occurrence-criticality").selectOption("critica");
  await customer.getByTestId("occurrence-title").fill("Faturamento parado: notas não saem");
  await customer.getByTestId("occurrence-description").fill("Nenhuma nota sai desde as 8h; o faturamento está parado.");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const number = (await customer.getByTestId("occurrence-number").textContent())!.replace("OC ", "");

  // The next working day at 18:00, nobody answered: both VIP · Crítica deadlines missed.
  await setClock(context, nextWorkingDay("18"));
  await customer.goto(`/minha-empresa/sla?mes=${thisMonth()}`);
  const row = customer.locator(`[data-testid=my-sla-row][data-number="OC ${number}"]`);
  await expect(row).toBeVisible();
  await expect(row.locator("[data-outcome]")).toHaveText(["estourado", "estourado"]);
  await expect(row.getByTestId("my-sla-credit")).toHaveText("7,5 %");
  await expect(customer.getByTestId("my-sla-total")).toContainText("Crédito do mês");
});
