import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonColumn, readOptionalJsonColumn, StoredJsonError } from "./json-column.ts";

const offsets = z.array(z.number().int().min(0));

describe("reading a JSON column through its schema", () => {
  it("returns the value when it has the expected shape", () => {
    expect(readJsonColumn(offsets, "[7,3,1,0]", "Deadline d1.reminderOffsets")).toEqual([7, 3, 1, 0]);
    expect(readOptionalJsonColumn(offsets, null, "Deadline d1.reminderOffsets")).toBeNull();
  });

  it("names the row and the field when the shape is old or wrong", () => {
    expect(() => readJsonColumn(offsets, '["7", 3]', "Deadline d1.reminderOffsets")).toThrow(
      /stored JSON at Deadline d1\.reminderOffsets cannot be read: 0: /,
    );
    expect(() => readJsonColumn(offsets, '{"days":[7]}', "Deadline d1.reminderOffsets")).toThrow(StoredJsonError);
  });

  it("says when the text is not JSON at all", () => {
    expect(() => readJsonColumn(offsets, "[7,3", "Deadline d1.reminderOffsets")).toThrow(
      /Deadline d1\.reminderOffsets cannot be read: not JSON/,
    );
  });
});
