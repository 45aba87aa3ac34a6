import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// The coordinator's dashboard: every chart is an SVG with its series named, its table
// beside it and a CSV; a case opened in another browser moves the numbers live.
test("the dashboard's numbers move live when a customer opens a case elsewhere", async ({ browser }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  await coordinator.goto("/coordenacao/painel");
  await hydrated(coordinator);
  const dashboard = coordinator.getByTestId("dashboard");
  await expect(dashboard).toBeVisible();
  const series = await coordinator.getByTestId("dashboard-chart").evaluateAll((els) => els.map((e) => e.getAttribute("data-series")));
  // Weeks and channels always have bars (zeros included); the backlog's chart needs an open case.
  expect(series).toEqual(expect.arrayContaining(["semanas", "canais"]));
  await expect(coordinator.locator('[data-testid="dashboard-chart"] svg').first()).toBeVisible();
  const csvLinks = coordinator.getByTestId("dashboard-csv");
  expect(await csvLinks.count()).toBeGreaterThanOrEqual(6);
  const csv = await coordinator.request.get((await csvLinks.first().getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");

  const before = Number(await dashboard.getAttribute("data-open"));
  const weekTotal = coordinator.getByTestId("dashboard-weeks").locator("tbody tr").last().locator("td").first();
  const weekBefore = Number(await weekTotal.textContent());

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("vendas");
  await customer.getByTestId("occurrence-type").selectOption("duvida");
  await customer.getByTestId("occurrence-criticality").selectOption("baixa");
  await customer.getByTestId("occurrence-title").fill("Painel: pedido sem comissão");
  await customer.getByTestId("occurrence-description").fill("O pedido 4411 foi faturado sem comissão para o vendedor.");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);

  // No reload on the coordinator's side: the live feed moves the numbers.
  await expect(dashboard).toHaveAttribute("data-open", String(before + 1), { timeout: 10_000 });
  await expect(coordinator.getByTestId("dashboard-open")).toHaveText(String(before + 1));
  await expect(weekTotal).toHaveText(String(weekBefore + 1));
  await expect(coordinator.locator('[data-testid="dashboard-chart"][data-series="backlog"] svg')).toBeVisible();
  await expect(coordinator.getByTestId("dashboard-weeks").locator("tbody tr").last()).toContainText("Vendas");
});
