// The per-recipient fields of a delivery status report (RFC 3464), as Postfix and Exchange write them:
// folded Diagnostic-Code lines, several recipients, the message-level block skipped.
import { describe, expect, it } from "vitest";
import { readDeliveryStatus } from "./receive-bounce.ts";

describe("readDeliveryStatus", () => {
  it("reads action, status, diagnostic and final recipient of each recipient block", () => {
    const report = [
      "Reporting-MTA: dns; mx.city.chiba.example.jp",
      "X-Postfix-Queue-ID: 4F1A2B3C",
      "",
      "Final-Recipient: rfc822; sato@city.chiba.example.jp",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 <sato@city.chiba.example.jp>:",
      "    Recipient address rejected: User unknown",
      "",
      "Final-Recipient: RFC822; suzuki@city.chiba.example.jp",
      "Action: Delayed",
      "Status: 4.4.1",
      "",
    ].join("\r\n");
    expect(readDeliveryStatus(report)).toEqual([
      {
        finalRecipient: "sato@city.chiba.example.jp",
        action: "failed",
        status: "5.1.1",
        diagnostic: "550 5.1.1 <sato@city.chiba.example.jp>: Recipient address rejected: User unknown",
      },
      { finalRecipient: "suzuki@city.chiba.example.jp", action: "delayed", status: "4.4.1", diagnostic: undefined },
    ]);
  });

  it("finds nothing in text that is not a report", () => {
    expect(readDeliveryStatus("11月30日まで不在にしております。\n")).toEqual([]);
  });
});
