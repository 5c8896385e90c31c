//! The v1 socket against tungstenite's client (tokio-tungstenite over an in-memory pipe): what
//! one writes the other reads, whatever the sizes, fragments, control frames and closes.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use tokio::io::{duplex, AsyncWriteExt as _, DuplexStream};
use tokio_tungstenite::WebSocketStream;
use tungstenite::protocol::frame::coding::{Data, OpCode as TheirOpCode};
use tungstenite::protocol::frame::Frame;
use tungstenite::protocol::Role;

use super::*;

const LIMITS: SocketLimits = SocketLimits {
    read_buffer: 64,
    max_message: 200_000,
};

async fn pair() -> (Socket<DuplexStream>, WebSocketStream<DuplexStream>) {
    let (ours, theirs) = duplex(1 << 20);
    let client = WebSocketStream::from_raw_socket(theirs, Role::Client, None).await;
    (Socket::new(ours, LIMITS), client)
}

async fn recv(socket: &mut Socket<DuplexStream>) -> Option<Result<Message, SocketError>> {
    tokio::time::timeout(Duration::from_secs(5), socket.recv())
        .await
        .expect("the socket answers within 5 s")
}

/// Sizes around every boundary: the 64-byte read buffer, the 7-bit, 16-bit and 64-bit lengths.
const SIZES: [usize; 12] = [0, 1, 50, 63, 64, 65, 125, 126, 127, 65_535, 65_536, 150_000];

#[tokio::test]
async fn messages_of_every_length_form_arrive_whole_both_ways() {
    let (mut socket, mut client) = pair().await;
    for size in SIZES {
        let text: String = "abcdefghé".chars().cycle().take(size).collect();
        client
            .send(Message::text(text.clone()))
            .await
            .expect("client sends");
        match recv(&mut socket).await {
            Some(Ok(Message::Text(got))) => assert_eq!(got.as_str(), text, "size {size}"),
            other => panic!("size {size}: {other:?}"),
        }
        let data = vec![size as u8; size];
        assert!(socket.write(Message::Binary(data.clone().into())).is_ok());
        socket.flush().await.expect("flushed");
        match client.next().await {
            Some(Ok(Message::Binary(got))) => assert_eq!(&got[..], &data[..], "size {size}"),
            other => panic!("size {size}: {other:?}"),
        }
    }
    // A large message grew the read buffer; it is back to its idle size once read.
    assert_eq!(socket.input.len(), LIMITS.read_buffer);
}

#[tokio::test]
async fn a_fragmented_message_with_a_ping_between_its_fragments_is_one_message_and_a_pong() {
    let (mut socket, mut client) = pair().await;
    let parts = ["Hello, ", "fragmented ", "wörld"];
    let fragment = |i: usize, opcode, last| Message::Frame(Frame::message(parts[i], opcode, last));
    let sent = [
        fragment(0, TheirOpCode::Data(Data::Text), false),
        Message::Ping("are you there".into()),
        fragment(1, TheirOpCode::Data(Data::Continue), false),
        fragment(2, TheirOpCode::Data(Data::Continue), true),
    ];
    for message in sent {
        client.send(message).await.expect("the client sends");
    }
    assert!(
        matches!(recv(&mut socket).await, Some(Ok(Message::Ping(p))) if &p[..] == b"are you there")
    );
    match recv(&mut socket).await {
        Some(Ok(Message::Text(t))) => assert_eq!(t.as_str(), parts.concat()),
        other => panic!("{other:?}"),
    }
    match client.next().await {
        Some(Ok(Message::Pong(p))) => assert_eq!(&p[..], b"are you there"),
        other => panic!("the ping's answer: {other:?}"),
    }
}

#[tokio::test]
async fn the_client_closing_gets_its_code_echoed_and_the_socket_ends() {
    let (mut socket, mut client) = pair().await;
    client
        .close(Some(CloseFrame {
            code: 4001.into(),
            reason: "bye".into(),
        }))
        .await
        .expect("client closes");
    match recv(&mut socket).await {
        Some(Ok(Message::Close(Some(frame)))) => {
            assert_eq!(
                (u16::from(frame.code), frame.reason.as_str()),
                (4001, "bye")
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(recv(&mut socket).await.is_none());
    match client.next().await {
        Some(Ok(Message::Close(Some(frame)))) => assert_eq!(u16::from(frame.code), 4001),
        other => panic!("the echo: {other:?}"),
    }
    assert!(
        socket.write(Message::text("late")).is_err(),
        "nothing is written after the close"
    );
}

#[tokio::test]
async fn the_server_closing_waits_for_the_answer_and_still_reads_until_it() {
    let (mut socket, mut client) = pair().await;
    let frame = CloseFrame {
        code: 4002.into(),
        reason: "send queue overflowed".into(),
    };
    assert!(socket.write(Message::Close(Some(frame))).expect("written"));
    assert!(socket.write(Message::text("after")).is_err());
    match client.next().await {
        Some(Ok(Message::Close(Some(frame)))) => {
            assert_eq!(
                (u16::from(frame.code), frame.reason.as_str()),
                (4002, "send queue overflowed")
            );
        }
        other => panic!("{other:?}"),
    }
    // tokio-tungstenite answers the close by itself once it is read.
    let _ = client.flush().await;
    assert!(matches!(
        recv(&mut socket).await,
        Some(Ok(Message::Close(_)))
    ));
    assert!(recv(&mut socket).await.is_none());
}

#[tokio::test]
async fn protocol_errors_fail_the_socket_and_it_reads_nothing_more() {
    let cases: [(&[u8], &str); 5] = [
        (&[0x81, 0x02, b'h', b'i'], "unmasked"),
        (&[0xC1, 0x80, 0, 0, 0, 0], "reserved bit"),
        (&[0x80, 0x80, 0, 0, 0, 0], "continuation with nothing begun"),
        (&[0x81, 0x82, 0, 0, 0, 0, 0xC3, 0x28], "not UTF-8"),
        (&[0x88, 0x81, 0, 0, 0, 0, 0x03], "a one-byte close"),
    ];
    for (bytes, what) in cases {
        let (ours, mut theirs) = duplex(1024);
        let mut socket = Socket::new(ours, LIMITS);
        theirs.write_all(bytes).await.expect("written");
        assert!(matches!(recv(&mut socket).await, Some(Err(_))), "{what}");
        assert!(recv(&mut socket).await.is_none(), "{what}: ended");
    }
}

#[tokio::test]
async fn a_message_over_the_limit_fails_before_it_is_buffered() {
    let (mut socket, mut client) = pair().await;
    let too_long = "x".repeat(LIMITS.max_message + 1);
    let sending = tokio::spawn(async move {
        let _ = client.send(Message::text(too_long)).await;
        client
    });
    assert!(matches!(
        recv(&mut socket).await,
        Some(Err(SocketError::Frame(FrameError::TooLong(_))))
    ));
    assert!(socket.input.len() <= LIMITS.idle_input());
    drop(socket);
    let _ = sending.await;
}

#[tokio::test]
async fn bytes_read_with_the_upgrade_request_come_first_and_a_frame_split_anywhere_is_whole() {
    let (ours, mut theirs) = duplex(1024);
    // A masked "ping!" text frame, mask 1,2,3,4.
    let mask = [1u8, 2, 3, 4];
    let mut frame = vec![0x81, 0x85];
    frame.extend_from_slice(&mask);
    frame.extend(b"ping!".iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    for split in 0..frame.len() {
        let (ours2, mut theirs2) = duplex(1024);
        let mut socket = Socket::with_read(ours2, LIMITS, &frame[..split]);
        theirs2.write_all(&frame[split..]).await.expect("written");
        match recv(&mut socket).await {
            Some(Ok(Message::Text(t))) => assert_eq!(t.as_str(), "ping!", "split at {split}"),
            other => panic!("split at {split}: {other:?}"),
        }
    }
    // One byte at a time through the pipe.
    let mut socket = Socket::new(ours, LIMITS);
    let writer = tokio::spawn(async move {
        for byte in frame {
            theirs.write_all(&[byte]).await.expect("written");
            tokio::task::yield_now().await;
        }
        theirs
    });
    assert!(matches!(recv(&mut socket).await, Some(Ok(Message::Text(t))) if t.as_str() == "ping!"));
    let _ = writer.await;
}

#[tokio::test]
async fn the_end_of_the_stream_without_a_close_ends_the_socket() {
    let (mut socket, client) = pair().await;
    drop(client);
    assert!(recv(&mut socket).await.is_none());
}

#[tokio::test]
async fn a_header_announcing_a_large_frame_costs_memory_only_as_its_bytes_arrive() {
    let (ours, mut theirs) = duplex(1024);
    let mut socket = Socket::new(ours, LIMITS);
    // A binary frame announcing 150,000 bytes, 10 of them sent.
    let mut start = vec![0x82, 0x80 | 127];
    start.extend_from_slice(&150_000u64.to_be_bytes());
    start.extend_from_slice(&[0, 0, 0, 0]);
    start.extend_from_slice(&[7; 10]);
    theirs.write_all(&start).await.expect("written");
    let waited = tokio::time::timeout(Duration::from_millis(100), socket.recv()).await;
    assert!(waited.is_err(), "the frame is not whole yet");
    assert!(
        socket.input.len() <= 4 * LIMITS.read_buffer,
        "{} bytes held",
        socket.input.len()
    );
}

#[tokio::test]
async fn a_text_framed_straight_from_a_str_is_a_text_message_and_none_goes_after_a_close() {
    let (mut socket, mut client) = pair().await;
    assert!(socket
        .write_text(r#"{"type":"pong","ts":1}"#)
        .expect("written"));
    match client.next().await {
        Some(Ok(Message::Text(text))) => assert_eq!(text.as_str(), r#"{"type":"pong","ts":1}"#),
        other => panic!("{other:?}"),
    }
    assert!(socket.write(Message::Close(None)).expect("written"));
    assert!(matches!(
        socket.write_text("late"),
        Err(SocketError::Closed)
    ));
}
