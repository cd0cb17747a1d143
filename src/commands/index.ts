// Every chat command and flow Kyodo offers, assembled into one registry for the engine.
import { Registry } from "../engine/registry.ts";
import { bodiesCommand } from "./bodies.ts";
import { helpCommand } from "./help.ts";
import { homeCommand } from "./home.ts";
import { languageCommand, languageFlow } from "./language.ts";
import { linkCommand, linkFlow, unlinkCommand } from "./link.ts";
import { organsCommand } from "./organs.ts";
import { whoamiCommand } from "./whoami.ts";

export function buildRegistry(): Registry {
  const registry = new Registry();
  registry
    .addCommand(helpCommand(registry))
    .addCommand(linkCommand)
    .addCommand(homeCommand)
    .addCommand(whoamiCommand)
    .addCommand(bodiesCommand)
    .addCommand(organsCommand)
    .addCommand(languageCommand)
    .addCommand(unlinkCommand)
    .addFlow(linkFlow)
    .addFlow(languageFlow);
  return registry;
}
