import { test, expect, type Page, type BrowserContext } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:3000";

// Brazilian national holidays of `year` as "mm-dd" (the server's calendar has the same).
function holidays(year: number): Set<string> {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100, d = Math.floor(b / 4), e = b % 4;
  const f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  const easter = Date.UTC(year, month - 1, day);
  const rel = (n: number) => new Date(easter + n * 86_400_000).toISOString().slice(5, 10);
  return new Set(["01-01", "04-21", "05-01", "09-07", "10-12", "11-02", "11-15", "11-20", "12-25",
    rel(-48), rel(-47), rel(-2), rel(60)]);
}

// The first working day (Brasília) at least one day after now, at `hh`:00 -03:00.
function nextWorkingDay(hh: string): string {
  let t = Date.now() - 3 * 3_600_000 + 86_400_000; // "now" in Brasília, plus a day
  for (;;) {
    const day = new Date(t);
    const iso = day.toISOString().slice(0, 10);
    const weekday = day.getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !holidays(day.getUTCFullYear()).has(iso.slice(5))) {
      return `${iso}T${hh}:00:00-03:00`;
    }
    t += 86_400_000;
  }
}

// The server accepts this cookie only when started with SUPORTE_TEST_CLOCK=1 (which it allows
// only on an in-memory database listening on loopback).
async function setClock(context: BrowserContext, at: string) {
  await context.addCookies([{ name: "suporte_agora", value: at, url: BASE }]);
}

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
  await page.getByTestId("prata_media_solucao").fill("44");
  await page.getByTestId("local-holidays").fill("31/02/2027 Data que não existe");
  await page.getByTestId("save-sla-settings").click();
  await expect(page.getByTestId("action-error")).toContainText("data inválida");

  await page.getByTestId("local-holidays").fill("20/01/2099 São Sebastião");
  await page.getByTestId("save-sla-settings").click();
  await expect(page.getByTestId("action-ok")).toBeVisible();

  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/planos");
  await hydrated(visitor);
  const prata = visitor.locator('[data-testid="sla-table"][data-plan="prata"]');
  await expect(prata.locator("tr", { hasText: "Média" })).toContainText("44 h úteis");
  await expect(visitor.getByText("20/01/2099 (São Sebastião)")).toBeVisible();
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
