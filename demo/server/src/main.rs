//! `coder-demo-server`: see `--help` and the crate docs.

use std::process::ExitCode;

use coder_demo_server::{args, bind, parse_args, router, serve, AppState, Clock, Command};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => *config,
        Ok(Command::Help) => {
            print!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    let state = match AppState::from_config(&config, Clock::system()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: --workspaces {e}");
            return ExitCode::from(2);
        }
    };
    // Listen for Ctrl-C (and SIGTERM) before anything else, so a signal
    // that arrives during start-up isn't lost.
    let stop_signal = match stop_signal() {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: cannot install the signal handler: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_target(false)
        // Colour codes only make sense on a terminal, not in a log file.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
    let listener = match bind(config.port).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{}: {e}", config.port);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("Coder demo server on http://{addr}/");
    println!("  Coder session token: {}", config.session_token);
    // The client secret stays out of the output: it is a credential of the
    // Backstage backend, which gets it from its own config.
    println!(
        "  OAuth2 client: {} (redirect URIs: {}; token endpoint http://{addr}/oauth2/tokens)",
        config.oauth_client.id,
        config.oauth_client.redirect_uris.join(", ")
    );
    println!("  Hint: open http://{addr}/ and sign in with Coder OAuth, or paste the token");
    println!("        (also shown at http://{addr}/cli-auth). Ctrl-C stops the server.");
    let app = router(state.clone());
    let shutdown = async move {
        stop_signal.await;
        println!("shutting down");
        // Watch streams never end by themselves; a graceful shutdown waits
        // for every open response.
        state.close_streams();
    };
    match serve(listener, app, shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on SIGINT or SIGTERM. The handlers are registered when this is
/// called, not when the future is first polled.
#[cfg(unix)]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut terminate = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

/// Completes on Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    Ok(async {
        // If the handler can't be installed, run until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    })
}
