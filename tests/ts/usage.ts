// Type-checked (never run) against the generated pkg/agentdesk.d.ts by scripts/test.sh:
// the seed's own usage must compile, and wrong field or event names must not.
import init, { AgentSDK, AgentClient, type SdkResponse, type AgentStatusEvent, type LogRecord, type FromDialect } from "../../pkg/agentdesk.js";

declare const sessionKey: string;

export async function seedExample(): Promise<void> {
  await init();
  const { EventType } = AgentSDK;
  AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080", webrtc: true, webrtcStats: true });
  const onStatus = (e: AgentStatusEvent) => console.log("agentStatus", e);
  AgentSDK.on(EventType.AGENT_STATUS, onStatus);
  AgentSDK.once(EventType.SESSION_INIT, () => console.log("session init"));
  const res: SdkResponse = await AgentSDK.login({ tenantId: "t1", agentNo: "0001", sessionKey,
    bindEndpoint: { endpointType: 3, endpoint: "3016" }, initialStatus: 1 });
  AgentSDK.off(EventType.AGENT_STATUS, onStatus);
  console.log(res.code, res.message, res.errorCode);
}

export function payloadsAreTypedPerEvent(client: AgentClient): void {
  const { EventType } = AgentClient;
  client.on(EventType.PING, (e) => e.latencyTime.toFixed());
  client.on(EventType.AGENT_STATUS, (e) => e.status.state === "idle");
  client.on(EventType.RINGING, (e) => e.customerNumber.length);
  client.on(EventType.WEBRTC_STATS, (e) => (e.mos ?? 0) + e.packetLossRate);
  client.on(EventType.SET_OFFLINE, (e) => e.code.startsWith("0"));
  client.on(EventType.LOGIN_RESP, (e) => e.action === "login");
  client.on(EventType.SDK_ERROR, (e) => e.code);
  client.on("agentStatus", (e) => e.agentNo);

  // @ts-expect-error: a wrong field name on an event fails to compile
  client.on(EventType.PING, (e) => e.latency);
  // @ts-expect-error: so does a field of another event
  client.on(EventType.AGENT_STATUS, (e) => e.latencyTime);
  // @ts-expect-error: and an event name that is not in the catalog
  client.on("agentstatus", () => undefined);
  // @ts-expect-error: state is one of the eight catalog strings
  client.on(EventType.AGENT_STATUS, (e) => e.status.state === "napping");
}

export function constantsAreLiteral(): void {
  const name: "agentStatus" = AgentSDK.EventType.AGENT_STATUS;
  const offline: "setOfflineResult" = AgentSDK.EventType.SET_OFFLINE;
  // @ts-expect-error: constants are not mutable
  AgentSDK.EventType.PING = "x";
  console.log(name, offline);
}

export async function callAndSupervisorCommandsAreTyped(client: AgentClient): Promise<void> {
  const { EventType } = AgentClient;
  await client.previewObCall({ customerNumber: "13800000002", customerAnswerTimeout: 30 });
  await client.startAtxfer({ targetType: 1, target: "0002" });
  await client.sendDtmf({ digits: "12#" });
  await AgentSDK.whisper({ agentNo: "0001" });
  await AgentSDK.subscribeQueueStatus({ queues: ["q-sales"] });
  const r = await client.sipLink();
  console.log(r.action === "sipLink");
  client.on(EventType.START_ATXFER_RESP, (e) => e.code);
  client.on(EventType.QUEUE_STATUS, (e) => Object.values(e.queueStatus).map((q) => q.queueEntries.length));
  client.on(EventType.PREVIEW_OBCALL_RESULT, (e) => e.reason === "busy");
  client.on(EventType.WEBRTC_WARNING, (e) => e.name === "highJitter" && e.threshold > 0);
  client.on(EventType.RESYNC, (e) => e.lostFrom);
  client.on(EventType.RECONNECT_ATTEMPT, (e) => e.delayMs ?? e.sinceFirstAttemptMs);
  // @ts-expect-error: targetType is 0, 1 or 2
  await client.startAtxfer({ targetType: 7, target: "x" });
  // @ts-expect-error: whisper needs the target agent
  await client.whisper({});
  // @ts-expect-error: a warning's name is one of four
  client.on(EventType.WEBRTC_WARNING, (e) => e.name === "highVolume");
}

// Issue 15.5: a key provider, sync or async; anything else is refused.
export function aKeyProviderIsTyped(): void {
  new AgentClient({ baseURL: "wss://gw.example", sessionKeyProvider: async () => "fresh" });
  new AgentClient({ baseURL: "wss://gw.example", sessionKeyProvider: () => "fresh" });
  // @ts-expect-error a provider returns a key, not a number
  new AgentClient({ baseURL: "wss://gw.example", sessionKeyProvider: () => 42 });
}

// Issue 15.3: shared tabs, "own" (the default) or "share"; nothing else.
export function sharedTabsAreTyped(): void {
  AgentSDK.setup({ baseURL: "wss://gw.example", tabs: "share" });
  new AgentClient({ baseURL: "wss://gw.example", tabs: "own" });
  // @ts-expect-error: "share" or "own" only
  new AgentClient({ baseURL: "wss://gw.example", tabs: true });
}

export function loggingCanAndVersionAreTyped(client: AgentClient): void {
  const records: LogRecord[] = [];
  AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080", logLevel: "debug", logger: (r) => records.push(r) });
  const hold: boolean = client.can("hold") && AgentSDK.can("logout");
  client.on("canChange", (e) => e.allowed.includes("unhold"));
  const v: string = AgentSDK.version + AgentClient.version;
  console.log(hold, v, records.map((r) => r.level === "warn" && r.fields.code));
  // @ts-expect-error: not a log level
  AgentSDK.setup({ baseURL: "ws://127.0.0.1:8080", logLevel: "verbose" });
  // @ts-expect-error: not a command
  AgentSDK.can("fly");
}

export async function dialectsAreTyped(client: AgentClient): Promise<void> {
  await client.setup({ baseURL: "ws://127.0.0.1:8080", dialect: "phoenix", token: async () => "jwt" });
  await client.connect();
  const joined = await client.join("queue:q-sales", {});
  console.log(joined.code, client.presence("presence:q-sales")[0]?.metas[0]?.status);
  client.on("customer_joined", (e) => console.log(e.position + e.queue_size, e.customer_name.length));
  client.on("presence", (e) => console.log(e.topic, e.joins.length, e.list.length));
  client.on("session.created", (e) => console.log(e));
  client.on("offer", (e) => console.log(e.routing_key));
  // @ts-expect-error: customer_joined has no `positon`
  client.on("customer_joined", (e) => e.positon);
  // Every dialect's events are typed (docs/dialects.md §2–§5).
  client.on("whisper_start", (e) => console.log(e.supervisor_id.length));
  client.on("assignee.changed", (c) => console.log(c.additional_attributes.call_id.length, c.meta.assignee?.id));
  client.on("message.created", (m) => console.log(m.content.length, m.message_type === 0));
  client.on("presence.update", (p) => console.log(p.users["1001"] === "busy"));
  client.on("notification.created", (n) => console.log(n.notification.notification_type));
  client.on("wiretap_start", (f) => console.log(f.data.mode, f.data.target_recipient_id, f.routing_key));
  client.on("join", (f) => console.log(f.data.position, f.data.queue_id));
  client.on("agent.status-changed", (f) => console.log(f.id, f.data.agent_id, f.data.status === "talking"));
  client.on("session.connected", (f) => console.log(f.data.session_id, f.data.waited_seconds));
  client.on("qa.scorecard-saved", (f) => console.log(f.data.score + 1));
  // @ts-expect-error: a GlobeMeet agent has no `depth`
  client.on("agent.break", (f) => f.data.depth);
  // The catalog events a dialect frame also means: the catalog's names, with `via`.
  client.on("agentStatus", (e) => {
    if (e.via !== undefined) console.log(e.via.dialect, e.via.event, e.status.state === "idle");
  });
  client.on("whisperLink", (e) => console.log(e.via?.address, e.agentNo));
  const derived: FromDialect<"ringing"> = { eventType: "ringing", via: { dialect: "kazoo", event: "offer" }, mainUniqueId: "m-1" };
  console.log(derived.customerNumber?.length);
  // @ts-expect-error: a dialect's catalog event says where it came from
  const anonymous: FromDialect<"ringing"> = { eventType: "ringing", mainUniqueId: "m-1" };
  console.log(anonymous);
  // @ts-expect-error: not a dialect
  await client.setup({ baseURL: "ws://127.0.0.1:8080", dialect: "stomp" });
}

export async function audioDevicesAreTyped(client: AgentClient): Promise<void> {
  const { EventType } = AgentClient;
  client.on(EventType.AUDIO_DEVICES, (e) => e.inputs.map((d) => d.deviceId + d.label).concat(e.outputs.map((d) => d.label)));
  client.on("audioInputChanged", (e) => (e.reason === "deviceLost" ? e.deviceId : e.label));
  client.on(EventType.AUDIO_OUTPUT_CHANGED, (e) => e.deviceId.length);
  const chosen: string = (await client.setInputDevice("usb-headset")).deviceId;
  await AgentSDK.setOutputDevice(chosen).catch((e: { code: string; message: string }) => e.code === "NOT_SUPPORTED");
  // @ts-expect-error: reason is one of two words
  client.on("audioInputChanged", (e) => e.reason === "unplugged");
  // @ts-expect-error: a device id is a string
  await client.setOutputDevice(3);
  // @ts-expect-error: the device list has no `microphones`
  client.on("audioDevices", (e) => e.microphones);
}

export async function preflightIsTyped(): Promise<void> {
  const abort = new AbortController();
  AgentSDK.on(AgentSDK.EventType.PREFLIGHT_PROGRESS, (p) => (p.step === "ping" ? p.latencyMs ?? -1 : p.elapsedMs));
  const report = await AgentSDK.preflight({
    baseURL: "ws://127.0.0.1:8080", tenantId: "t1", agentNo: "1001", sessionKey: "k", pings: 5, echoMs: 5000, signal: abort.signal,
  });
  const mos: number | null = report.mos;
  const host: boolean = report.ice.local.includes("host") && report.ice.selected?.local === "host";
  const warned: string[] = report.warnings.map((w) => `${w.name} ${w.value} > ${w.threshold}`);
  if (!report.ok && report.failure !== null) console.log(report.failure.code, report.failure.step, mos, host, warned);
  console.log(report.ping.buckets.excellent, report.media.rtt?.average, report.oneWayAudio, report.packetsState);
  const client = new AgentClient();
  await client.preflight({ baseURL: "ws://h", tenantId: "t", agentNo: "a", sessionKey: "k" });
  // @ts-expect-error: the session key is required
  await client.preflight({ baseURL: "ws://h", tenantId: "t", agentNo: "a" });
  // @ts-expect-error: pings is a number
  await client.preflight({ baseURL: "ws://h", tenantId: "t", agentNo: "a", sessionKey: "k", pings: "5" });
  // @ts-expect-error: no such step
  client.on("preflightProgress", (p) => p.step === "sampling");
  // @ts-expect-error: no such failure code
  if (report.failure?.code === "TIMEOUT") console.log("never");
}
