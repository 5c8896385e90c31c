# A small Rails ActionCable server, Debian's ruby-actioncable under puma: the judge of the SDK's
# `actioncable` dialect (issue 14, docs/dialects.md §9). Voxsig's channel as seed 001 describes it:
# `RoomChannel` with `pubsub_token`, `account_id` and `user_id`, its events as
# `{event, data}` messages, `update_presence` from the client every 30 s. The connection itself is
# authenticated too (`/cable?token=…`, the usual Rails way for a browser client), so the test sees
# Rails' own `reject_unauthorized_connection`.
#
# What the server heard goes to an append-only log in JUDGE_STATE (it outlives a restart), read back
# by the test through /control/log. /control also lets the test act as Voxsig's backend: hand out a
# user's pubsub token, broadcast an event, make the server `disconnect` a user's connection with
# `reconnect: false`, and restart the whole server process (serve.sh starts it again on its port).

require "action_cable"
require "json"
require "openssl"

module Judge
  SECRET = ENV.fetch("JUDGE_SECRET")
  STATE = ENV.fetch("JUDGE_STATE")
  LOG = File.join(STATE, "heard.jsonl")
  LOCK = Mutex.new

  # A user's pubsub token: `<user>.<HMAC>`, the same across restarts (Voxsig's pubsub tokens are
  # long-lived per user).
  def self.token_for(user)
    "#{user}.#{OpenSSL::HMAC.hexdigest('SHA256', SECRET, "user:#{user}")}"
  end

  # The user a token is valid for, or nil.
  def self.verify(token)
    user = token.to_s.split(".", 2).first.to_s
    return nil unless user.match?(/\A[0-9]{1,12}\z/)
    Rack::Utils.secure_compare(token_for(user), token.to_s) ? user : nil
  end

  # Records one thing the server did or heard for `user`, with the server's time in ms.
  def self.heard(user, what, detail = {})
    line = JSON.generate({ user: user.to_s, what: what, at: (Time.now.to_f * 1000).round, pid: Process.pid }.merge(detail))
    LOCK.synchronize { File.open(LOG, "a") { |f| f.puts(line) } }
  end

  def self.log_of(user)
    return [] unless File.exist?(LOG)
    File.readlines(LOG).map { |l| JSON.parse(l) }.select { |e| e["user"] == user.to_s }
  end
end

module ApplicationCable
  class Connection < ActionCable::Connection::Base
    identified_by :user_id

    def connect
      token = request.params["token"]
      user = Judge.verify(token)
      unless user
        Judge.heard(token.to_s.split(".", 2).first, "refused")
        reject_unauthorized_connection
      end
      self.user_id = user
      Judge.heard(user, "connect")
    end

    def disconnect
      Judge.heard(user_id, "disconnect") if user_id
    end

    # The server's own "go away and do not come back" (run on the connection's worker).
    def kick
      Judge.heard(user_id, "kick")
      close(reason: "kicked", reconnect: false)
    end
  end
end

# Seed 001's channel: the subscription names its user and account and carries the user's pubsub
# token, which must be the one this connection was authenticated with.
class RoomChannel < ActionCable::Channel::Base
  def subscribed
    mine = params["pubsub_token"] == Judge.token_for(user_id) && params["user_id"].to_s == user_id
    unless mine && params["account_id"].is_a?(Integer)
      Judge.heard(user_id, "rejected")
      return reject
    end
    Judge.heard(user_id, "subscribed")
    stream_from "user:#{user_id}"
    stream_from "account:#{params['account_id']}"
  end

  def unsubscribed
    Judge.heard(user_id, "unsubscribed")
  end

  # Seed 001: "send a presence update event to Voxsig every 30 seconds"; the account hears
  # `presence.update` with the users online, as Voxsig broadcasts it.
  def update_presence
    Judge.heard(user_id, "presence")
    ActionCable.server.broadcast(
      "account:#{params['account_id']}",
      { event: "presence.update", data: { account_id: params["account_id"], users: { user_id => "online" }, contacts: {} } }
    )
  end
end

# The test's side door, as Voxsig's backend would act. Answers any origin: the test page is served
# from the test runner's origin.
class Control
  HEADERS = { "content-type" => "application/json", "access-control-allow-origin" => "*",
              "access-control-allow-headers" => "content-type", "access-control-allow-methods" => "GET, POST" }.freeze

  def call(env)
    req = Rack::Request.new(env)
    return [204, HEADERS, []] if req.options?
    user = req.params["user"].to_s
    case req.path_info
    when "/token" then answer(token: Judge.token_for(user))
    when "/log" then answer(Judge.log_of(user))
    when "/broadcast"
      body = JSON.parse(req.body.read)
      ActionCable.server.broadcast("user:#{user}", { event: body.fetch("event"), data: body.fetch("data") })
      answer(ok: true)
    when "/kick"
      mine = ActionCable.server.connections.select { |c| c.user_id == user }
      mine.each { |c| c.send_async(:kick) }
      answer(kicked: mine.size)
    when "/restart"
      # Rails' own restart (every connection gets `disconnect {server_restart, reconnect: true}`),
      # then the process ends; serve.sh starts a new one on the same port.
      File.write(File.join(Judge::STATE, "restart"), Process.pid.to_s)
      Thread.new do
        sleep 0.2
        ActionCable.server.restart
        sleep 0.2
        Process.kill("TERM", Process.pid)
      end
      answer(restarting: Process.pid)
    else [404, HEADERS, ['{"error":"not found"}']]
    end
  rescue JSON::ParserError, KeyError => e
    [400, HEADERS, [JSON.generate(error: e.message)]]
  end

  private

  def answer(value)
    [200, HEADERS, [JSON.generate(value)]]
  end
end

ActionCable.server.config.tap do |c|
  c.cable = { "adapter" => "async" }
  c.connection_class = -> { ApplicationCable::Connection }
  # The page is the test runner's, on another origin.
  c.disable_request_forgery_protection = true
  c.logger = Logger.new($stdout, level: ENV.fetch("JUDGE_LOG_LEVEL", "info").to_sym)
end
