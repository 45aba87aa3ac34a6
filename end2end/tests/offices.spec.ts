import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// A company served by another office: the coordinator registers Barueri with its own
// hours, says it serves the Distribuidora, and the customer reads Barueri's hours in
// "Minha empresa". Ends with the Distribuidora back on the default office.
test("the coordinator gives an office its calendar and a company reads its office's hours", async ({ page, browser }) => {
  await signIn(page, "coordenacao@uno.example", "Coordena#2026");
  await page.goto("/coordenacao/escritorios");
  await hydrated(page);
  await expect(page.getByTestId("offices").locator('tr[data-office="S.O.E."]')).toContainText("padrão");
  await page.getByTestId("office-name").fill("Barueri");
  await page.getByTestId("office-create").click();
  await expect(page).toHaveURL(/\/coordenacao\/escritorios\/[^/]+$/);
  await expect(page.getByTestId("office-title")).toHaveText("Barueri");

  // Starts as a copy of the default calendar; a bad interval is named and nothing saved.
  const form = page.getByTestId("office-calendar-form");
  await expect(form.getByTestId("hours-segunda")).toHaveValue("08:00-12:00, 13:30-18:00");
  await form.getByTestId("hours-sexta").fill("8h às 12h");
  await form.getByTestId("save-office").click();
  await expect(form.getByTestId("action-error")).toContainText("não é um intervalo");
  for (const day of ["segunda", "terca", "quarta", "quinta", "sexta"]) {
    await form.getByTestId(`hours-${day}`).fill("08:00-12:00, 13:30-17:00");
  }
  await form.getByTestId("local-holidays").fill("26/03/2099 Aniversário de Barueri");
  await form.getByTestId("save-office").click();
  await expect(form.getByTestId("action-ok")).toBeVisible();
  await expect(form.getByTestId("hours-segunda")).toHaveValue("08:00-12:00, 13:30-17:00");

  // The Distribuidora is served by Barueri from now on.
  await page.goto("/coordenacao/empresas");
  await page.getByRole("link", { name: /Distribuidora/ }).click();
  await expect(page.getByTestId("company-name")).toContainText("Distribuidora");
  await hydrated(page);
  const officeForm = page.getByTestId("company-office-form");
  await officeForm.getByTestId("company-office").selectOption({ label: "Barueri" });
  await officeForm.getByRole("button", { name: "Salvar escritório" }).click();
  await expect(officeForm.getByTestId("action-ok")).toBeVisible();

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@distribuidora.example", "ClientePrata#2026");
  await customer.goto("/minha-empresa");
  await hydrated(customer);
  await expect(customer.getByTestId("company-office")).toContainText("Barueri");
  await expect(customer.getByTestId("sla-hours")).toContainText("das 13:30 às 17:00");
  await expect(customer.getByTestId("sla-hours")).toContainText("26/03/2099 (Aniversário de Barueri)");

  // The list counts the company; back to the default office.
  await page.goto("/coordenacao/escritorios");
  await expect(page.getByTestId("offices").locator('tr[data-office="Barueri"]')).toContainText("1");
  await page.goto("/coordenacao/empresas");
  await page.getByRole("link", { name: /Distribuidora/ }).click();
  await hydrated(page);
  await page.getByTestId("company-office-form").getByTestId("company-office").selectOption({ label: "S.O.E. (padrão)" });
  await page.getByTestId("company-office-form").getByRole("button", { name: "Salvar escritório" }).click();
  await expect(page.getByTestId("company-office-form").getByTestId("action-ok")).toBeVisible();
  await customer.reload();
  await expect(customer.getByTestId("company-office")).toContainText("S.O.E.");
});
