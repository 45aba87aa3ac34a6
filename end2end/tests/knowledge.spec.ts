import { test, expect } from "./fixtures";
import { hydrated } from "./hydration";
import { signIn } from "./sign-in";

// The knowledge loop: an analyst points the customer to the manual with the picker (the
// item shows as a card), solves the case, and the coordinator turns it into a FAQ that,
// once edited and published, the portal's search finds.
test("a solved case becomes a FAQ the portal finds, and linked items show as cards", async ({ browser }) => {
  const customer = await (await browser.newContext()).newPage();
  await signIn(customer, "gp@metalurgica.example", "ClienteOuro#2026");
  await customer.goto("/ocorrencias/nova");
  await hydrated(customer);
  await customer.getByTestId("occurrence-module").selectOption("financeiro");
  await customer.getByTestId("occurrence-type").selectOption("duvida");
  await customer.getByTestId("occurrence-criticality").selectOption("baixa");
  await customer.getByTestId("occurrence-title").fill("Juros em dobro no boleto Zebrafim");
  await customer.getByTestId("occurrence-description").fill("O boleto do cliente Zebrafim saiu com juros cobrados duas vezes.");
  await customer.getByTestId("occurrence-submit").click();
  await expect(customer).toHaveURL(/\/ocorrencias\/\d{4}\/\d{6}$/);
  const path = new URL(customer.url()).pathname;

  const ana = await (await browser.newContext()).newPage();
  await signIn(ana, "ana.n1@uno.example", "AnalistaN1#2026");
  await ana.goto(path);
  await hydrated(ana);
  await ana.getByTestId("action-take").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "em_atendimento");
  await ana.getByTestId("reply-text").fill("Veja o passo a passo do manual:");
  const picker = ana.getByTestId("article-picker");
  await picker.locator("summary").click();
  await picker.getByTestId("article-picker-query").fill("boletos remessa");
  const first = picker.getByTestId("article-picker-result").first();
  await expect(first).toBeVisible();
  await first.getByTestId("article-pick").click();
  await expect(ana.getByTestId("reply-text")).toHaveValue(/Veja o passo a passo do manual:\n.+: \/(faq|manual|blog|ead)\/[a-z0-9-]+\n$/);
  const inserted = await ana.getByTestId("reply-text").inputValue();
  const [, kind, picked] = inserted.match(/: \/(faq|manual|blog|ead)\/([a-z0-9-]+)\n$/)!;
  await ana.getByTestId("reply-submit").click();
  const card = ana.getByTestId("linked-article").first();
  await expect(card).toHaveAttribute("data-slug", picked);
  await expect(card).toHaveAttribute("data-kind", kind);
  // The customer's open page shows the card too, live.
  await expect(customer.getByTestId("linked-article").first()).toHaveAttribute("data-slug", picked);

  await ana.getByTestId("reply-text").fill("Em Financeiro → Cobrança, desmarque \"juros na remessa\": o banco já aplica os juros. Gere o boleto Zebrafim de novo.");
  await ana.getByTestId("action-resolve").click();
  await expect(ana.getByTestId("occurrence-state")).toHaveAttribute("data-state", "resolvida");

  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, "coordenacao@uno.example", "Coordena#2026");
  await coordinator.goto(path);
  await hydrated(coordinator);
  await coordinator.getByTestId("action-to-faq").click();
  const draft = coordinator.getByTestId("faq-draft");
  await expect(draft).toBeVisible();
  const slug = await draft.getAttribute("data-slug");
  expect(slug).toMatch(/^juros-em-dobro-no-boleto-zebrafim-\d{4}-\d+$/);
  // A draft: readers do not find it yet.
  const visitor = await (await browser.newContext()).newPage();
  expect((await visitor.goto(`/faq/${slug}`))?.status()).toBe(404);

  await draft.getByTestId("faq-draft-edit").click();
  await expect(coordinator).toHaveURL(new RegExp(`/coordenacao/conteudo/faq/${slug}$`));
  await hydrated(coordinator);
  const editor = coordinator.getByTestId("content-editor");
  await expect(coordinator.getByTestId("content-body")).toHaveValue(/desmarque "juros na remessa"/);
  await coordinator.getByTestId("content-title").fill("Por que o boleto Zebrafim saiu com juros em dobro?");
  await editor.getByRole("button", { name: "Salvar" }).click();
  await expect(coordinator).toHaveURL(/\/coordenacao\/conteudo$/);
  await hydrated(coordinator);
  const row = coordinator.locator(`[data-testid="content-admin-row"][data-slug="${slug}"]`);
  await expect(row).toContainText("despublicado");
  await row.getByTestId("toggle-published").click();
  await expect(row).not.toContainText("despublicado");

  await visitor.goto("/busca?q=zebrafim");
  await expect(visitor.getByTestId("search-result").first().getByTestId("result-title")).toHaveText(
    "Por que o boleto Zebrafim saiu com juros em dobro?",
  );

  // The coordinator sees the manual item among the most linked of the month.
  await coordinator.goto("/coordenacao/conhecimento");
  await hydrated(coordinator);
  await expect(coordinator.getByTestId("knowledge-links").locator("tr[data-slug]").first()).toBeVisible();
});
