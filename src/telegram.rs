//! Placeholder replaced below.
/// Runs the bot.
pub fn run(_dir: std::path::PathBuf) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
