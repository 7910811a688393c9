//! Command-line entry points that answer without opening a window.
//! (Skeleton: the pension helper fills it in.)

/// `kabinet pension --json`: one scenario on stdin, the result on stdout.
/// Returns the process exit status (0 ok, 2 bad input).
pub fn pension_main(_args: &[String]) -> i32 {
    2
}
