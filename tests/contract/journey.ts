// A learner's journey through the API with a client generated from docs/api/openapi.json (openapi-typescript
// types, openapi-fetch calls): it must compile under --strict without a single cast, so every shape it
// touches is the document's. Run against a server with MOOC_API_URL set (see check.sh).
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/api.js";

type AnswerBody = components["schemas"]["AnswerBody"];
type QuestionView = components["schemas"]["QuestionView"];

const baseUrl = process.env.MOOC_API_URL ?? "http://localhost:5080";
const api = createClient<paths>({ baseUrl });
const slug = "understanding-ai";

/** Some answer of the right form for a question (the journey checks the contract, not the learner's knowledge). */
function answerFor(question: QuestionView): AnswerBody {
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
      return { options: [question.options?.[0]?.key ?? "a"] };
    case "true_false":
      return { boolean: true };
    case "numeric":
      return { number: 1 };
    case "short_text":
      return { text: "machine learning" };
  }
}

function fail(step: string, error: unknown): never {
  throw new Error(`${step}: ${JSON.stringify(error)}`);
}

async function main(): Promise<void> {
  const email = `journey-${Date.now()}@example.org`;
  const password = "a long passphrase for the journey";

  const registered = await api.POST("/api/auth/register", { body: { email, password } });
  if (registered.error) fail("register", registered.error);

  const login = await api.POST("/api/auth/login", { body: { email, password } });
  if (!login.data) fail("login", login.error);
  const headers = { Authorization: `Bearer ${login.data.accessToken}` };

  const catalog = await api.GET("/api/courses/{slug}", { params: { path: { slug } } });
  if (!catalog.data) fail("course", catalog.error);
  const run = catalog.data.runs.find((candidate) => candidate.enrollmentOpen && candidate.pacing === "self")?.key ?? "self-paced";

  const enrolled = await api.POST("/api/courses/{slug}/runs/{run}/enrollment", { params: { path: { slug, run } }, headers });
  if (!enrolled.data) fail("enrol", enrolled.error);

  const outline = await api.GET("/api/me/courses/{slug}", { params: { path: { slug } }, headers });
  if (!outline.data) fail("outline", outline.error);
  const quiz = outline.data.modules[0]?.items.find((item) => item.type === "quiz" && item.state !== "locked");
  if (!quiz) fail("outline", "no open quiz in the first week");

  const started = await api.POST("/api/me/courses/{slug}/quizzes/{key}/attempts", {
    params: { path: { slug, key: quiz.key }, header: { "Idempotency-Key": `journey-${quiz.key}` } },
    headers,
  });
  if (!started.data) fail("start", started.error);
  const attempt = started.data;

  const answers: Record<string, AnswerBody> = {};
  for (const question of attempt.questions) {
    answers[question.key] = answerFor(question);
  }

  const saved = await api.PUT("/api/me/attempts/{id}/answers", { params: { path: { id: attempt.id } }, body: { answers }, headers });
  if (!saved.data) fail("save", saved.error);

  const submitted = await api.POST("/api/me/attempts/{id}/submit", { params: { path: { id: attempt.id } }, headers });
  if (!submitted.data) fail("submit", submitted.error);

  const grade = await api.GET("/api/me/courses/{slug}/grade", { params: { path: { slug } }, headers });
  if (!grade.data) fail("grade", grade.error);

  const score = submitted.data.grade ?? 0;
  console.log(`journey: ${email} enrolled in ${run}, attempt ${attempt.number} at ${quiz.key} graded ${Math.round(score * 100)}%, course grade ${Math.round(grade.data.grade * 100)}%`);
  for (const rule of grade.data.certificate.rules) {
    console.log(`  ${rule.met ? "met" : "not met"}: ${rule.message}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
