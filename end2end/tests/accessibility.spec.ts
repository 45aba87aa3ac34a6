import { test, expect } from "./fixtures";
import type { Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// axe-core (WCAG 2.x A/AA rules) on the pages people use: no serious or critical
// violation. A failure lists each rule with the elements it found.
async function audit(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${path} · ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  return bad;
}

test("public pages have no serious accessibility violations", async ({ page }) => {
  const bad: string[] = [];
  for (const path of ["/", "/busca?q=nota%20fiscal", "/faq", "/manual", "/planos", "/versoes", "/entrar"]) {
    bad.push(...(await audit(page, path)));
  }
  const article = await page.goto("/faq").then(() => page.locator("main a[href^='/faq/']").first().getAttribute("href"));
  bad.push(...(await audit(page, article!)));
  expect(bad, bad.join("\n")).toEqual([]);
});

test("signed-in pages have no serious accessibility violations", async ({ browser }) => {
  const bad: string[] = [];
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  for (const path of ["/minha-empresa", "/minha-empresa/sla", "/ocorrencias", "/ocorrencias/nova", "/conta", "/notificacoes"]) {
    bad.push(...(await audit(customer, path)));
  }
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  for (const path of [
    "/coordenacao", "/coordenacao/empresas", "/coordenacao/analistas", "/coordenacao/auditoria",
    "/coordenacao/conteudo", "/coordenacao/sla", "/coordenacao/sla/regras", "/coordenacao/versoes", "/coordenacao/conhecimento",
    "/coordenacao/painel", "/coordenacao/escritorios",
  ]) {
    bad.push(...(await audit(coordinator, path)));
  }
  const analyst = await (await browser.newContext()).newPage();
  await signIn(analyst, "ana.n1@uno.example", "AnalistaN1#2026");
  for (const path of ["/atendimento", "/atendimento/clientes", "/atendimento/ligacoes"]) {
    bad.push(...(await audit(analyst, path)));
  }
  expect(bad, bad.join("\n")).toEqual([]);
});
