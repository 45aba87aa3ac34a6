import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import { nextWorkingDay, setClock } from "./clock";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// The countdown's text now and after two more ticks of the page's ticker
// (`window.__suporte_ticks` counts finished ticks): a condition, not a fixed wait.
async function textTwice(page: Page): Promise<[string, string]> {
  const countdown = page.getByTestId("sla-countdown").first();
  const ticks = () => page.evaluate(() => ((window as any).__suporte_ticks ?? 0) as number);
  const start = await ticks();
  const first = (await countdown.textContent()) ?? "";
  await expect
    .poll(ticks, { message: `the page's ticker did not tick twice after tick ${start}`, timeout: 10_000 })
    .toBeGreaterThanOrEqual(start + 2);
  return [first, (await countdown.textContent()) ?? ""];
}

test("the SLA countdown ticks during business hours and holds still outside them", async ({ browser }) => {
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, "ana.n1@uno.example", "AnalistaN1#2026");
  await analyst.goto("/atendimento/ligacoes");
  await hydrated(analyst);
  const company = analyst.getByTestId("call-company");
  await company.selectOption((await company.locator("option", { hasText: "Distribuidora" }).getAttribute("value"))!);
  await analyst.getByTestId("call-contact").selectOption({ index: 1 });
  await analyst.getByTestId("occurrence-module").selectOption("estoque");
  await analyst.getByTestId("occurrence-criticality").selectOption("baixa");
  await analyst.getByTestId("call-subject").fill("Relatório de giro lento");
  await analyst.getByTestId("call-minutes").fill("3");
  await analyst.getByTestId("occurrence-description").fill("O relatório de giro demora minutos.");
  await analyst.getByTestId("call-submit").click();
  await expect(analyst).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const path = new URL(analyst.url()).pathname;

  const context = await browser.newContext();
  const customer = await context.newPage();
  await signIn(customer, "gp@distribuidora.example", "ClientePrata#2026");

  // 10:00 on a working day: counting down, second by second.
  await setClock(context, nextWorkingDay("10"));
  await customer.goto(path);
  await hydrated(customer);
  const countdown = customer.getByTestId("sla-countdown").first();
  await expect(countdown).toHaveAttribute("data-status", "running");
  await expect(countdown).toHaveAttribute("data-deadline", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  let [before, after] = await textTwice(customer);
  expect(before).toContain("1ª resposta");
  expect(after).not.toBe(before);

  // 07:00, before the office opens: the same remaining time, and when it resumes.
  await setClock(context, nextWorkingDay("07"));
  await customer.goto(path);
  await hydrated(customer);
  await expect(countdown).toHaveAttribute("data-status", "running");
  [before, after] = await textTwice(customer);
  expect(after).toBe(before);
  expect(before).toMatch(/retoma \S+ 08:00/);
});

test("the coordinator edits the SLA table; bad input is refused and the plans page shows the new table", async ({ page, browser }) => {
  await signIn(page, "coordenacao@uno.example", "Coordena#2026");
  await page.goto("/coordenacao/sla/regras");
  await hydrated(page);
  // The calendar: UNO's hours per weekday, the São Paulo state holiday offered.
  const calendar = page.getByTestId("calendar-form");
  await expect(calendar.getByTestId("hours-segunda")).toHaveValue("08:00-12:00, 13:30-18:00");
  await expect(calendar.getByTestId("hours-sabado")).toHaveValue("");
  await expect(calendar.getByTestId("holiday-suggestion")).toContainText(/09\/07\/\d{4} Revolução Constitucionalista/);
  await page.getByTestId("prata_media_solucao").fill("44");
  await page.getByTestId("local-holidays").fill("31/02/2027 Data que não existe");
  await calendar.getByTestId("hours-sabado").fill("9h às 12h");
  await page.getByTestId("save-sla-settings").click();
  await expect(page.getByTestId("action-error")).toContainText("data inválida");
  await expect(page.getByTestId("action-error")).toContainText("sábado: \"9h às 12h\" não é um intervalo");

  await calendar.getByTestId("hours-sabado").fill("");
  await page.getByTestId("local-holidays").fill("20/01/2099 São Sebastião");
  await page.getByTestId("save-sla-settings").click();
  await expect(page.getByTestId("action-ok")).toBeVisible();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/planos");
  await hydrated(visitor);
  const prata = visitor.locator('[data-testid="sla-table"][data-plan="prata"]');
  await expect(prata.locator("tr", { hasText: "Média" })).toContainText("44 h úteis");
  await expect(visitor.getByText("20/01/2099 (São Sebastião)")).toBeVisible();
  // The hours customers read come from the calendar, not from the code.
  await expect(visitor.getByTestId("sla-hours").first()).toContainText("segunda a sexta, das 08:00 às 12:00 e das 13:30 às 18:00");
  const simulator = visitor.locator('[data-testid="sla-simulator"][data-plan="prata"]');
  const sentence = simulator.getByTestId("sla-simulation");
  await expect(sentence).toContainText("ocorrência Alta");
  await simulator.locator("select").selectOption("critica");
  await expect(sentence).toContainText("ocorrência Crítica, a primeira resposta vence");

  // The report: figures, charts drawn as SVG with their tables, and the CSV.
  await page.goto("/coordenacao/sla");
  await hydrated(page);
  await expect(page.getByTestId("sla-overall")).toContainText("cumprimento");
  await expect(page.locator("figure.chart svg").first()).toBeVisible();
  await expect(page.getByTestId("sla-by-month")).toBeVisible();
  await expect(page.getByTestId("sla-by-plan")).toContainText("Prata");
  const csv = await page.request.get((await page.getByTestId("sla-csv").getAttribute("href"))!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("numero;titulo;empresa;plano");
  await page.getByTestId("sla-report-period").locator("select").selectOption("3");
  await expect(page).toHaveURL(/meses=3/);
});
