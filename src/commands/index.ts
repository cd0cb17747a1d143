// Every chat command and flow Kyodo offers, assembled into one registry for the engine.
import { Registry } from "../engine/registry.ts";
import { voteTextFallback } from "./motions-fallback.ts";
import { TrackerRegistry } from "../domain/reminders/response-tracker.ts";
import { ballotNewFlow } from "./ballot-new-flow.ts";
import { broadcastCommand, broadcastFlow } from "./broadcast.ts";
import { deliveriesCommand } from "./deliveries.ts";
import { emailCommand } from "./email.ts";
import { inquiryCommand } from "./inquiries.ts";
import { linkOrganCommand } from "./link-organ.ts";
import { bodiesCommand } from "./bodies.ts";
import { helpCommand } from "./help.ts";
import { homeCommand } from "./home.ts";
import { homeSections } from "./home-sections.ts";
import { languageCommand, languageFlow } from "./language.ts";
import { linkCommand, linkFlow, unlinkCommand } from "./link.ts";
import { voteCommand, voteFlow } from "./motions.ts";
import { organsCommand } from "./organs.ts";
import { whoamiCommand } from "./whoami.ts";
import { surveyCommand } from "./surveys.ts";
import { surveyAnswerFlow } from "./surveys-answer-flow.ts";
import { surveyHomeSection } from "./surveys-home.ts";
import { surveyNewFlow } from "./surveys-new-flow.ts";
import { usageCommand } from "./usage.ts";
import { sharesCommand } from "./money-shares.ts";
import { settlementCommand } from "./money-settlement.ts";
import { addCandidateCommands } from "./candidates.ts";
import { consoleLinkCommand, consoleLinkFlow } from "./console-link.ts";

/** Services the commands need from the rest of Kyodo. */
export interface CommandServices {
  trackers: TrackerRegistry;
  /** the web console's address (ending in /console/), for sign-in links */
  consoleUrl?: () => string;
}

export function buildRegistry(services: CommandServices = { trackers: new TrackerRegistry() }): Registry {
  const registry = new Registry();
  registry
    .addCommand(helpCommand(registry))
    .addCommand(linkCommand)
    .addCommand(homeCommand([...homeSections, surveyHomeSection]))
    .addCommand(whoamiCommand)
    .addCommand(bodiesCommand)
    .addCommand(organsCommand)
    .addCommand(languageCommand)
    .addCommand(emailCommand)
    .addCommand(unlinkCommand)
    .addCommand(inquiryCommand)
    .addCommand(broadcastCommand)
    .addCommand(deliveriesCommand)
    .addCommand(linkOrganCommand)
    .addCommand(usageCommand)
    .addCommand(sharesCommand)
    .addCommand(settlementCommand)
    .addFlow(broadcastFlow(services.trackers))
    .addFlow(linkFlow)
    .addCommand(surveyCommand)
    .addFlow(surveyAnswerFlow)
    .addFlow(surveyNewFlow)
    .addCommand(voteCommand)
    .addFlow(voteFlow)
    .addFlow(ballotNewFlow)
    .addFallback(voteTextFallback)
    .addFlow(languageFlow)
    .addCommand(consoleLinkCommand)
    .addFlow(consoleLinkFlow(services.consoleUrl ?? (() => "http://localhost:3000/console/")));
  addCandidateCommands(registry);
  return registry;
}
