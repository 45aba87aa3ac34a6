import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// Every page of every role, on a phone (390 × 844) and on a desk (1 280 × 900): nothing
// wider than the screen, no error in the console. Screenshots go to test-results/layout
// (kept as CI artefacts) so a layout change can be looked at, not only measured.
const SIZES = [
  { name: "celular", width: 390, height: 844 },
  { name: "mesa", width: 1280, height: 900 },
];

type Who = { email: string; password: string } | null;

async function pageFor(browser: Browser, who: Who, size: { width: number; height: number }): Promise<[Page, string[]]> {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()} · console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`${page.url()} · exceção: ${e.message}`));
  if (who) await signIn(page, who.email, who.password);
  return [page, errors];
}

// What is wrong with `path` as shown now: wider than the screen (and the widest elements),
// or errors the page recorded.
async function check(page: Page, path: string, size: string): Promise<string[]> {
  await page.goto(path);
  await hydrated(page);
  // Lazy parts (lists, charts) have rendered when nothing says "Carregando…".
  await expect(page.getByText("Carregando…")).toHaveCount(0, { timeout: 15_000 });
  const file = `test-results/layout/${size}${path.replace(/[^a-z0-9]+/gi, "_")}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const found = await page.evaluate(() => {
    const viewport = document.documentElement.clientWidth;
    const width = document.documentElement.scrollWidth;
    const wide = Array.from(document.querySelectorAll("body *"))
      .map((e) => [e, e.getBoundingClientRect()] as const)
      .filter(([, r]) => r.right > viewport + 1 && r.width > 0)
      .slice(0, 4)
      .map(([e, r]) => `${e.tagName.toLowerCase()}${e.getAttribute("data-testid") ? `[${e.getAttribute("data-testid")}]` : ""}.${e.className} (${Math.round(r.right)} px)`);
    return { viewport, width, wide, errors: ((window as any).__suporte_errors ?? []) as string[] };
  });
  const bad: string[] = [];
  if (found.width > found.viewport) {
    bad.push(`${size} ${path}: ${found.width} px de largura numa tela de ${found.viewport} px — ${found.wide.join(", ")}`);
  }
  bad.push(...found.errors.map((e) => `${size} ${path}: erro na página: ${e}`));
  return bad;
}

const CUSTOMER = { email: "gp@metalurgica.example", password: "ClienteOuro#2026" };
const ANALYST = { email: "ana.n1@uno.example", password: "AnalistaN1#2026" };
const COORDINATOR = { email: "coordenacao@uno.example", password: "Coordena#2026" };

test("every page of every role fits a phone and a desk without console errors", async ({ browser }) => {
  test.setTimeout(300_000);
  // One occurrence, so lists, queues, the page and the SLA report have something to show.
  const [opener] = await pageFor(browser, CUSTOMER, SIZES[1]);
  await opener.goto("/ocorrencias/nova");
  await hydrated(opener);
  await opener.getByTestId("occurrence-module").selectOption("fiscal");
  await opener.getByTestId("occurrence-type").selectOption("duvida");
  await opener.getByTestId("occurrence-criticality").selectOption("media");
  await opener.getByTestId("occurrence-title").fill("Layout: uma ocorrência com um título bem comprido para ver como quebra");
  await opener.getByTestId("occurrence-description").fill("Para as listas terem o que mostrar.");
  await opener.getByTestId("occurrence-submit").click();
  await expect(opener).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const occurrence = new URL(opener.url()).pathname;
  await opener.goto("/faq");
  const article = (await opener.locator("main a[href^='/faq/']").first().getAttribute("href"))!;
  await opener.context().close();
  // An analyst answers, so the SLA report has a decided deadline and draws its bars.
  const [analyst] = await pageFor(browser, ANALYST, SIZES[1]);
  await analyst.goto(occurrence);
  await hydrated(analyst);
  await analyst.getByTestId("action-take").click();
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await analyst.getByTestId("reply-text").fill("Qual a versão do ERP instalada?");
  await analyst.getByTestId("action-ask-customer").click();
  await expect(analyst.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aguardando_cliente");
  await analyst.context().close();

  const pages: [Who, string[]][] = [
    [null, ["/", "/busca?q=nota%20fiscal", "/faq", "/manual", "/blog", "/ead", article, "/planos", "/versoes", "/entrar", "/nao-existe"]],
    [CUSTOMER, ["/ocorrencias", "/ocorrencias/nova", occurrence, "/minha-empresa", "/minha-empresa/sla", "/conta", "/notificacoes"]],
    [ANALYST, ["/atendimento", "/atendimento?fila=minhas", "/atendimento/clientes", "/atendimento/ligacoes", occurrence]],
    [
      COORDINATOR,
      [
        "/coordenacao", "/coordenacao/empresas", "/coordenacao/analistas", "/coordenacao/auditoria",
        "/coordenacao/conteudo", "/coordenacao/conteudo/novo", "/coordenacao/sla", "/coordenacao/sla/regras",
        "/coordenacao/encaminhamentos", "/coordenacao/versoes", "/coordenacao/conhecimento", "/coordenacao/painel", "/coordenacao/escritorios", "/atendimento?fila=todas",
      ],
    ],
  ];
  const bad: string[] = [];
  // The report's charts are drawn (not the "no data yet" note), each bar inside its chart.
  {
    const [page] = await pageFor(browser, COORDINATOR, SIZES[0]);
    await page.goto("/coordenacao/sla");
    await hydrated(page);
    await expect(page.locator("figure.chart[data-series] svg rect")).not.toHaveCount(0);
    const widths = await page.locator("figure.chart svg rect").evaluateAll((rects) => rects.map((r) => r.getAttribute("width")));
    expect(widths.filter((w) => !w || w.startsWith("-")), `larguras das barras: ${widths.join(", ")}`).toEqual([]);
    await page.context().close();
  }
  for (const size of SIZES) {
    for (const [who, paths] of pages) {
      const [page, errors] = await pageFor(browser, who, size);
      for (const path of paths) {
        bad.push(...(await check(page, path, size.name)));
      }
      // The 404 page logs its status in the console by design of the browser.
      bad.push(...errors.filter((e) => !(e.includes("/nao-existe") && e.includes("404"))));
      await page.context().close();
    }
  }
  expect(bad, bad.join("\n")).toEqual([]);
});
