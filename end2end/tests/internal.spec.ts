import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";
import { openOccurrence } from "./occurrence-form";

// Internal stays internal: support's hand-over to Desenvolvimento carries a record the
// customer never reads and, separately, a message the customer does read (live).
test("a hand-over's internal record stays with support; its public message reaches the customer live", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  const path = await openOccurrence(customer, {
    title: "Validador recusa o XML do CT-e",
    description: "O CT-e 88 volta com erro de schema.",
    steps: "1. Emitir o CT-e 88\n2. Transmitir",
  });
  await hydrated(customer);

  const n1 = await (await browser.newContext()).newPage();
  await signIn(n1, "ana.n1@uno.example", "AnalistaN1#2026");
  await n1.goto(path);
  await hydrated(n1);
  await n1.getByTestId("action-take").click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  // Each button says who reads the text; with "nota interna" ticked, the ones that would
  // show it to the customer are off.
  await expect(n1.getByTestId("action-resolve")).toHaveAttribute("data-visibility", "public");
  await expect(n1.getByTestId("reply-submit")).toHaveAttribute("data-visibility", "public");
  await n1.getByTestId("reply-text").fill("Cliente com o schema antigo.");
  await n1.getByTestId("reply-internal").check();
  await expect(n1.getByTestId("reply-submit")).toHaveAttribute("data-visibility", "internal");
  await expect(n1.getByTestId("reply-text")).toHaveAttribute("data-visibility", "internal");
  await expect(n1.getByTestId("action-resolve")).toBeDisabled();
  await expect(n1.getByTestId("action-ask-customer")).toBeDisabled();
  await n1.getByTestId("reply-submit").click();
  await expect(n1.locator('[data-testid="timeline-entry"][data-kind="note"]')).toHaveCount(1);
  await n1.getByTestId("reply-internal").uncheck();
  await expect(n1.getByTestId("action-resolve")).toBeEnabled();
  await n1.getByText("Escalar para o Nível 2").click();
  await n1.getByTestId("simulation-record").fill("Reproduzido na 2026.11 com o XML do cliente.");
  await expect(n1.getByTestId("action-escalate")).toHaveAttribute("data-visibility", "internal");
  await n1.getByTestId("action-escalate").click();
  await expect(n1.getByTestId("occurrence-state")).toHaveAttribute("data-state", "escalada_n2");

  const n2 = await (await browser.newContext()).newPage();
  await signIn(n2, "bruno.n2@uno.example", "AnalistaN2#2026");
  await n2.goto(path);
  await hydrated(n2);
  // The simulation record comes pre-filled from N1's escalation and the customer's words.
  await n2.getByText("Encaminhar ao Desenvolvimento", { exact: true }).click();
  const record = n2.getByTestId("simulation-record");
  await expect(record).toHaveAttribute("data-visibility", "internal");
  await expect(n2.getByTestId("simulation-erp-version")).toHaveValue("2026.11");
  await expect(n2.getByTestId("simulation-steps")).toHaveValue("Reproduzido na 2026.11 com o XML do cliente.");
  await expect(n2.getByTestId("simulation-obtained")).toHaveValue("O CT-e 88 volta com erro de schema.");
  // Incomplete: refused, every missing part named, nothing written.
  await n2.getByTestId("action-to-development").click();
  const refusal = n2.getByTestId("development-error");
  await expect(refusal).toContainText("Banco de dados / ambiente");
  await expect(refusal).toContainText("Resultado esperado");
  await expect(n2.getByTestId("occurrence-state")).toHaveAttribute("data-state", "escalada_n2");
  await n2.getByTestId("simulation-environment").fill("REGISTRO-INTERNO: homologação com o schema 3.00");
  await n2.getByTestId("simulation-expected").fill("CT-e autorizado");
  await n2.getByTestId("development-public").fill("Encaminhamos ao Desenvolvimento; avisaremos na correção.");
  await expect(n2.getByTestId("action-to-development")).toHaveAttribute("data-visibility", "internal");
  await n2.getByTestId("action-to-development").click();
  await expect(n2.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_desenvolvimento");
  await expect(n2.getByTestId("timeline")).toContainText("REGISTRO-INTERNO");
  await expect(n2.getByTestId("timeline")).toContainText("Versão do ERP: 2026.11");

  // The customer's open page follows without a reload: the message, never the record.
  await expect(customer.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_desenvolvimento");
  await expect(customer.getByTestId("timeline")).toContainText("avisaremos na correção");
  await expect(customer.getByTestId("timeline")).not.toContainText("REGISTRO-INTERNO");
  await expect(customer.getByTestId("timeline")).not.toContainText("schema antigo");
  await customer.reload();
  await expect(customer.getByTestId("timeline")).toContainText("avisaremos na correção");
  const html = await customer.content();
  expect(html, "the record in the customer's HTML").not.toContain("REGISTRO-INTERNO");
  expect(html, "the record in the customer's HTML").not.toContain("Versão do ERP");
});
