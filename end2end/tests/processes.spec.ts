import { test, expect } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";
import { openOccurrence } from "./occurrence-form";

// Two app processes on one SurrealDB server (../test.sh's last stage starts them and passes
// both addresses): what is done through one is seen by a browser on the other within a
// second of the acting process's answer. Run only there (playwright.config.ts).
const one = process.env.BASE_URL!;
const two = process.env.BASE_URL_2!;

async function pageOn(browser: Browser, base: string): Promise<Page> {
  return (await browser.newContext({ baseURL: base })).newPage();
}

// The time since `since`, printed with what it measured (the figures go in BENCHMARKS.md).
function took(what: string, since: number) {
  console.log(`${what}: ${Date.now() - since} ms`);
}

test("a change through one process reaches a browser on the other within a second", async ({ browser }) => {
  const word = `caldeira${Date.now().toString(36)}`;
  // Ana follows her queue on process 2.
  const ana = await pageOn(browser, two);
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto("/atendimento?fila=minhas");
  await hydrated(ana);
  await expect(ana.getByTestId("queue")).toBeVisible();

  // A customer on process 1 opens a case directed to her.
  const customer = await pageOn(browser, one);
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOccurrence(customer, {
    title: `Caldeira ${word} sem nota`,
    description: "A nota da caldeira não sai.",
    steps: "1. Emitir a nota",
    analyst: "Ana Atendimento (Nível 1)",
  });
  let since = Date.now();
  const number = path.replace("/ocorrencias/", "");
  await expect(ana.locator(`[data-testid="occurrence-row"][data-number="${number}"]`)).toBeVisible({ timeout: 1_000 });
  took("aberta no processo 1 → fila da analista no processo 2", since);

  // Her notice is there on process 2 too.
  await ana.goto("/notificacoes");
  await expect(ana.getByTestId("notifications")).toContainText(`Caldeira ${word} sem nota`);

  // She takes it and answers on process 2; the customer's page on process 1 follows.
  await hydrated(customer);
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  since = Date.now();
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento", {
    timeout: 1_000,
  });
  took("assumida no processo 2 → página do cliente no processo 1", since);
  await ana.getByTestId("reply-text").fill(`Reemita a nota da ${word}.`);
  await ana.getByTestId("reply-submit").click();
  await expect(ana.getByTestId("timeline")).toContainText(`Reemita a nota da ${word}.`);
  since = Date.now();
  await expect(customer.getByTestId("timeline")).toContainText(`Reemita a nota da ${word}.`, { timeout: 1_000 });
  took("resposta no processo 2 → página do cliente no processo 1", since);

  // The customer's session works on process 2 as well: the same list, no new sign-in.
  const elsewhere = await customer.context().newPage();
  await elsewhere.goto(`${two}/ocorrencias`);
  await expect(elsewhere.getByTestId("user-name")).toBeVisible();
  await expect(elsewhere.getByTestId("occurrence-list").locator(`[data-number="${number}"]`)).toHaveAttribute(
    "data-state",
    "em_atendimento",
  );

  // The coordinator publishes an FAQ through process 1; search on process 2 finds it.
  const coordinator = await pageOn(browser, one);
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  await coordinator.goto("/coordenacao/conteudo/novo");
  await hydrated(coordinator);
  const editor = coordinator.getByTestId("content-editor");
  await editor.getByLabel("Endereço (slug)").fill(`nota-da-${word}`);
  await editor.getByLabel("Título").fill(`Nota da ${word}`);
  await editor.getByLabel("Resumo").fill("Como reemitir a nota de uma caldeira.");
  await coordinator.getByTestId("content-body").fill(`Reemita a nota da ${word} pelo menu Fiscal.`);
  await editor.getByRole("button", { name: "Criar e publicar" }).click();
  await expect(coordinator).toHaveURL(/\/coordenacao\/conteudo$/);
  since = Date.now();
  const reader = await pageOn(browser, two);
  // Each poll says what it saw: the status, and whether the new FAQ was among the results.
  await expect
    .poll(
      async () => {
        const answer = await reader.request.get(`${two}/busca?q=${word}`);
        const found = (await answer.text()).includes(`/faq/nota-da-${word}`);
        return `${answer.status()} ${found ? "com a FAQ nova" : "sem a FAQ nova"}`;
      },
      { timeout: 1_000, intervals: [50], message: "search on process 2" },
    )
    .toBe("200 com a FAQ nova");
  took("FAQ publicada no processo 1 → busca no processo 2", since);
});
