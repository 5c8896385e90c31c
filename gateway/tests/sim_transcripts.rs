//! Live transcripts during a call (docs/flows.md §9): per sentence, growing intermediate
//! results then one sentenceEnd; customer (2) and agent (1) in turn; sentenceIndex from 0.

#![allow(clippy::unwrap_used)]

mod common;

use std::time::Duration;

use common::sim::{agent, expect, expect_status, ok, sim, sim_config};
use serde_json::{json, Value};

#[tokio::test(start_paused = true)]
async fn transcripts_grow_each_sentence_to_its_end_and_alternate_the_speakers() {
    let mut config = sim_config();
    config.sim.transcript_interval = Duration::from_millis(300);
    let gw = agentdesk_gateway::start(config).await.unwrap();
    let mut a = agent(&gw, "1038", 2).await;
    let main = sim(&gw, "call", json!({"tenantId": "t1", "agentNo": "1038"})).await["mainUniqueId"]
        .clone();
    expect_status(&mut a, "ringing", "ringing").await;
    expect(&mut a, &["ringing"]).await;
    expect_status(&mut a, "talking", "answer").await;

    let mut sentences: Vec<Vec<Value>> = vec![Vec::new()];
    let mut last_time = 0;
    while sentences.len() <= 3 {
        let t = expect(&mut a, &["transcript"]).await.remove(0);
        assert_eq!(t["mainUniqueId"], main);
        assert!(t["transcriptTime"].as_i64().unwrap() > last_time);
        last_time = t["transcriptTime"].as_i64().unwrap();
        let end = t["sentenceType"] == "sentenceEnd";
        sentences.last_mut().unwrap().push(t);
        if end {
            sentences.push(Vec::new());
        }
    }
    sentences.pop();
    for (i, updates) in sentences.iter().enumerate() {
        let role = if i % 2 == 0 { 2 } else { 1 };
        let (last, partial) = updates.split_last().unwrap();
        assert!(
            !partial.is_empty(),
            "at least one intermediate result before the end"
        );
        let mut shown = 0;
        for u in partial {
            assert_eq!(
                (u["sentenceIndex"].clone(), u["role"].clone()),
                (json!(i), json!(role))
            );
            assert_eq!(
                (u["sentenceType"].clone(), u["finished"].clone()),
                (json!("intermediateResult"), json!(0))
            );
            assert!(
                u.get("sentenceBeginTimestamp").is_none()
                    && u.get("sentenceEndTimestamp").is_none()
            );
            let len = u["text"].as_str().unwrap().len();
            assert!(len > shown, "the text grows");
            shown = len;
        }
        assert_eq!(
            (
                last["sentenceIndex"].clone(),
                last["role"].clone(),
                last["finished"].clone()
            ),
            (json!(i), json!(role), json!(1))
        );
        let text = last["text"].as_str().unwrap();
        assert!(
            text.starts_with(partial[0]["text"].as_str().unwrap()),
            "{text}"
        );
        let begin = last["sentenceBeginTimestamp"].as_i64().unwrap();
        let end = last["sentenceEndTimestamp"].as_i64().unwrap();
        assert!(begin < end && end == last["transcriptTime"].as_i64().unwrap());
        assert!(last["beginTime"].as_i64().unwrap() < last["endTime"].as_i64().unwrap());
    }

    // On hold the line is silent; the hang-up ends the transcript.
    ok(&mut a, "hold", json!({})).await;
    loop {
        let p = common::sim::next(&mut a).await;
        if p["eventType"] == "agentStatus" {
            assert_eq!(p["status"]["stateAction"], "hold");
            break;
        }
    }
    assert!(
        a.frame_within(Duration::from_secs(2)).await.is_none(),
        "nothing said on hold"
    );
    ok(&mut a, "hangup", json!({})).await;
    expect_status(&mut a, "wrapup", "hangup").await;
    expect_status(&mut a, "idle", "wrapupEnd").await;
    assert!(a.frame_within(Duration::from_secs(2)).await.is_none());
    gw.shutdown().await;
}
