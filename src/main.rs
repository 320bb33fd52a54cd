fn main() {
    jsh::signals::init();
    let status = jsh::cli::main(std::env::args_os().collect());
    std::process::exit(status);
}
