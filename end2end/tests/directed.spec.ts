import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";
import { openOccurrence } from "./occurrence-form";

test("a case directed to Ana shows up flagged in her queue live, and a colleague's take is refused", async ({ browser }) => {
  // Ana's "Minhas" is open before the customer writes.
  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto("/atendimento?fila=minhas");
  await hydrated(ana);
  await expect(ana.getByTestId("queue")).toBeVisible();

  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOccurrence(customer, {
    title: "Boleto sem código de barras",
    description: "O boleto 310 sai sem o código.",
    steps: "1. Emitir o boleto 310",
    analyst: "Ana Atendimento (Nível 1)",
  });
  await hydrated(customer);
  const number = path.replace("/ocorrencias/", "");
  await expect(customer.getByTestId("directed-to")).toHaveText("Direcionada a Ana Atendimento");

  // Without a reload, Ana's queue gets the row, flagged as hers.
  const row = ana.locator(`[data-testid="occurrence-row"][data-number="${number}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("directed-to")).toHaveText("Direcionada a Ana Atendimento");

  // Davi (another N1) may not take it while Ana is available and the wait runs.
  const davi = await (await browser.newContext()).newPage();
  await signIn(davi, "davi.n1@uno.example", "AnalistaN1b#2026");
  await davi.goto(path);
  await hydrated(davi);
  await expect(davi.getByTestId("directed-to")).toHaveText("Direcionada a Ana Atendimento");
  await davi.getByTestId("action-take").click();
  await expect(davi.getByTestId("action-error")).toContainText(
    "Esta ocorrência foi direcionada a Ana Atendimento: só essa pessoa pode assumi-la até",
  );
  await expect(davi.getByTestId("occurrence-state")).toHaveAttribute("data-state", "aberta");

  // Ana takes it from her queue's page; the customer sees it live.
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
});
