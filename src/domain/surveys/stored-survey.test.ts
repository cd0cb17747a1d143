import { describe, expect, it } from "vitest";
import { questionsOf } from "./find-survey.ts";
import { readAnswers, readPosition } from "./stored-survey.ts";

const question = { id: "join", kind: "yesno", text: "参加しますか", required: true };

describe("survey rows read back through their schemas", () => {
  it("reads the stored questions, answers and position as written", () => {
    expect(questionsOf({ id: "s1", questions: JSON.stringify([question]) })).toEqual([question]);
    expect(readAnswers('{"join":"yes","n":3,"uses":["a"],"grid":{"r":["x"]},"skip":null}', "SurveySubmission x.answers")).toMatchObject({
      join: "yes",
    });
    expect(readPosition('{"at":"question","id":"join","sub":0}', "SurveyDraft d.position")).toEqual({ at: "question", id: "join", sub: 0 });
  });

  it("names the row when a question is of a kind this build does not know", () => {
    const stored = JSON.stringify([{ ...question, kind: "rating" }]);
    expect(() => questionsOf({ id: "s1", questions: stored })).toThrow(
      /Survey s1\.questions cannot be read: 0\.kind: unknown question kind "rating"/,
    );
  });

  it("names the row when an answer or a position has an old or damaged shape", () => {
    expect(() => readAnswers('{"join":{"value":"yes"}}', "SurveySubmission x.answers")).toThrow(
      /SurveySubmission x\.answers cannot be read/,
    );
    expect(() => readPosition('{"question":"join"}', "SurveyDraft d.position")).toThrow(/SurveyDraft d\.position cannot be read/);
    expect(() => questionsOf({ id: "s2", questions: "[" })).toThrow(/Survey s2\.questions cannot be read: not JSON/);
  });
});
