// Public API of rehearse/virtual: virtual partner services with a fault engine,
// a request journal and an admin API.
export { definePartner } from './partner/define-partner.js';
export { createRelay } from './partner/relay-request.js';
export { PartnerReply, reply } from './partner/partner-reply.js';
export { PartnerHeaders, PartnerRequest } from './partner/partner-request.js';
export { compilePathPattern, splitPath } from './routing/path-pattern.js';
export { RouteTable } from './routing/route-table.js';

export { FaultProfileSchema, FaultRuleSchema } from './faults/fault-profile-schema.js';
export { faultProfileJsonSchema } from './faults/fault-profile-json-schema.js';
export { parseFaultProfile } from './faults/parse-fault-profile.js';
export { loadFaultProfiles } from './faults/load-fault-profiles.js';
export { validateInlineRules } from './faults/validate-inline-rules.js';
export { latencySampler } from './faults/latency.js';
export { TokenBucket } from './faults/token-bucket.js';
export { PartnerFaults } from './faults/partner-faults.js';

export { Journal } from './journal/journal.js';
export { compileContract, ContractValidator } from './contract/contract-validator.js';

export { createVirtualHub } from './hub/create-virtual-hub.js';
export { loadPartners } from './hub/load-partners.js';
export { VirtualHub, UNKNOWN_PARTNER } from './hub/virtual-hub.js';
export { ScenarioRuns } from './hub/scenario-runs.js';

export { createLocalAdmin } from './admin/local-admin.js';
export { createVirtualAdminClient } from './admin/admin-client.js';
export { handleAdminRequest } from './admin/admin-routes.js';
export { journalQueryFromParams, journalQueryToParams } from './admin/journal-query-params.js';

export { startVirtualServices } from './hosting/start-virtual-services.js';
export { setupVirtualServer } from './hosting/setup-virtual-server.js';
export { routeVirtualServices } from './hosting/route-browser.js';
export { virtualServeCommand } from './virtual-serve-command.js';

export type {
  PartnerContext,
  PartnerResolver,
  PartnerSetup,
  ResolverInfo,
  RouteBuilder,
} from './partner/define-partner.js';
export type { ReplyHelpers, ReplyInit } from './partner/partner-reply.js';
export type { EdiVanMessage } from './partner/edi-van-message.js';
export type { Relay, RelayRequest, RelayResult } from './partner/relay-request.js';
export type { PathPattern } from './routing/path-pattern.js';
export type { PartnerRoute } from './routing/route-table.js';
export type {
  DurationValue,
  ErrorFault,
  FaultMatch,
  FaultProfile,
  FaultRule,
  LatencyModel,
} from './faults/fault-profile-schema.js';
export type { AppliedFault, FaultDecision, RequestFacts, ShapeFault, TerminalFault } from './faults/fault-types.js';
export type { FaultDraws, FaultLayerInfo } from './faults/partner-faults.js';
export type { CallKey, ScenarioRunInfo } from './hub/scenario-runs.js';
export type { JournalEntry, JournalPage, JournalQuery } from './journal/journal-types.js';
export type { ContractInput } from './contract/contract-validator.js';
export type { VirtualServicesOptions } from './hub/create-virtual-hub.js';
export type { IncomingCall, VirtualOutcome } from './hub/incoming-call.js';
export type { PartnerDefinition } from './hub/load-partners.js';
export type { PartnerRuntime } from './hub/virtual-hub.js';
export type {
  FaultNextRequest,
  FaultSelection,
  PartnerFaultsInfo,
  PartnerInfo,
  ResetOptions,
  VirtualAdmin,
  VirtualHealth,
} from './admin/admin-types.js';
export type { AdminAnswer } from './admin/admin-routes.js';
export type { StartVirtualServicesOptions, VirtualServicesHandle } from './hosting/start-virtual-services.js';
export type { SetupVirtualServerOptions, VirtualServerSetup } from './hosting/setup-virtual-server.js';
export type { BrowserRouting, RouteVirtualServicesOptions } from './hosting/route-browser.js';
export type { VirtualServeOptions } from './virtual-serve-command.js';
