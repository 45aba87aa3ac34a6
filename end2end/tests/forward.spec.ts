import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// Out of scope → an area: the analyst picks the category, the area follows it, the
// customer reads area and reason live and can still write.
test("a forward names the area and the reason to the customer live, who can still reply", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("fiscal");
  await customer.getByTestId("occurrence-type").selectOption("duvida");
  await customer.getByTestId("occurrence-criticality").selectOption("baixa");
  await customer.getByTestId("occurrence-title").fill("Preço do módulo de frotas");
  await customer.getByTestId("occurrence-description").fill("Quanto custa o módulo de frotas para 12 veículos?");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const path = new URL(customer.url()).pathname;
  await hydrated(customer);

  const n1 = await (await browser.newContext()).newPage();
  await signIn(n1, "ana.n1@uno.example", "AnalistaN1#2026");
  await n1.goto(path);
  await hydrated(n1);
  await n1.getByTestId("action-take").click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await n1.getByTestId("forward").locator("summary").click();
  await n1.getByTestId("forward-category").selectOption({ label: "Preços de produtos ou serviços UNO" });
  // The area follows the category.
  await expect(n1.getByTestId("forward-area")).toHaveValue("comercial");
  await expect(n1.getByTestId("action-forward")).toHaveAttribute("data-visibility", "public");
  await n1.getByTestId("forward-reason").fill("Preços são tratados pelo Comercial, que já recebeu o seu pedido.");
  await n1.getByTestId("action-forward").click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "encaminhada");
  await expect(n1.getByTestId("forwarded-to")).toContainText("comercial@uno.example");

  // The customer's open page shows it without a reload, without the area's address.
  const shown = customer.getByTestId("forwarded-to");
  await expect(shown).toContainText("Comercial");
  await expect(shown).toContainText("Preços são tratados pelo Comercial");
  await expect(shown).not.toContainText("@");
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "encaminhada");
  await customer.getByTestId("reply-text").fill("Obrigado, aguardo o contato.");
  await customer.getByTestId("reply-submit").click();
  await expect(customer.getByTestId("timeline")).toContainText("Obrigado, aguardo o contato.");
  await expect(n1.getByTestId("timeline")).toContainText("Obrigado, aguardo o contato.");
});
