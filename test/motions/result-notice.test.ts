// Everyone who took part hears the result (#17): the secretariat member who created the ballot, the voter whose
// vote closed it, and an alternate who voted while their delegation ran, even after it ended.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBallot } from "../../src/domain/motions/create-ballot.ts";
import { findBallot } from "../../src/domain/motions/find-ballot.ts";
import { assignSeat } from "../../src/domain/organs/assign-seat.ts";
import { createOrgan } from "../../src/domain/organs/create-organ.ts";
import { setAlternate } from "../../src/domain/organs/set-alternate.ts";
import { findPerson } from "../../src/domain/people/find-person.ts";
import type { InboundEvent } from "../../src/engine/messages.ts";
import { RecordingAdapter } from "../support/recording-adapter.ts";
import { startTestKyodo, type TestKyodo } from "../support/test-kyodo.ts";
import { bodyId, jst, linkChat, ZONE } from "./support.ts";

let now = jst("2026-11-24T10:00:00");
let kyodo: TestKyodo;
const chat = new RecordingAdapter("console");
let n = 0;

async function say(user: string, text: string) {
  const event: InboundEvent = {
    kind: "text",
    eventId: `rn${++n}`,
    ref: { platform: "console", workspace: "local", conversationId: `dm:${user}`, isDirect: true },
    user: { externalId: user },
    receivedAt: now,
    text,
  };
  return kyodo.engine.handle(event);
}

beforeAll(async () => {
  kyodo = await startTestKyodo({}, { http: false, clock: () => now });
  kyodo.outbox.register(chat);
});
afterAll(async () => kyodo.dispose());

describe("the result notice", () => {
  it("reaches the creator, the voter who closed the ballot, and an alternate whose delegation ended", async () => {
    const organ = await createOrgan(kyodo.db, kyodo.council.id, { slug: "wg2", name: "共同調達WG", kind: "working_group" }, "test");
    const seats: Record<string, string> = {};
    for (const [body, handle] of [
      ["千葉市", "sato"],
      ["銚子市", "takahashi"],
    ] as const) {
      const person = await findPerson(kyodo.db, kyodo.council.id, handle);
      seats[handle] = (
        await assignSeat(kyodo.db, { organId: organ.id, bodyId: await bodyId(kyodo, body), representativeId: person.id }, "test")
      ).id;
      await linkChat(kyodo, handle, "console", handle);
    }
    // suzuki (千葉市) stands in for sato until the end of November.
    const suzuki = await findPerson(kyodo.db, kyodo.council.id, "suzuki");
    await setAlternate(
      kyodo.db,
      { seatId: seats.sato!, personId: suzuki.id, delegatedFrom: jst("2026-11-01T00:00:00"), delegatedUntil: jst("2026-11-30T23:59:59") },
      "test",
    );
    await linkChat(kyodo, "suzuki", "console", "suzuki");
    const yamada = await findPerson(kyodo.db, kyodo.council.id, "yamada");
    await linkChat(kyodo, "yamada", "console", "yamada");

    const ballot = await createBallot(
      kyodo.db,
      {
        councilId: kyodo.council.id,
        organId: organ.id,
        title: "WG設置期間の延長",
        deadline: jst("2026-12-10T17:00:00"),
        motions: [{ title: "設置期間の延長について" }],
        createdBy: `person:${yamada.id}`,
      },
      now,
      ZONE,
    );
    await say("suzuki", `vote ${ballot.number} 賛成`);
    now = jst("2026-12-02T10:00:00"); // the delegation has ended
    await say("takahashi", `vote ${ballot.number} 賛成`);
    expect((await findBallot(kyodo.db, kyodo.council.id, ballot.number)).closedReason).toBe("all_voted");

    await kyodo.scheduler.tick(now);
    for (const who of ["yamada", "takahashi", "suzuki", "sato"]) {
      expect(chat.textsFor(`dm:${who}`).join("\n"), who).toContain("全席の表決がそろったため");
    }
  });
});
