# Helpers shared by the expect(1) scripts in this directory.
#
# Usage of every script: expect -f SCRIPT.exp -- PROGRAM [ARGS...]
# The caller (tests/expect_scripts.rs) sets PS1='jsh$ ', TERM, HOME and
# LC_ALL=C in the environment and passes the shell under test as arguments.
# The scripts type real control bytes, wait for output with a timeout, and
# read /proc to see when a foreground job holds the terminal. On failure
# they print FAIL: ... and exit 1; expect's log (stdout) is the transcript.

set timeout 10
set prompt {jsh$ }
set time_re {[0-9][0-9]:[0-9][0-9]:[0-9][0-9]}

proc fail {msg} {
    global shell_pid
    puts stderr "\nFAIL: $msg"
    if {[info exists shell_pid]} {
        # Where the shell is: its /proc stat line and kernel wait channel.
        foreach f [list /proc/$shell_pid/stat /proc/$shell_pid/wchan] {
            if {![catch {open $f} fd]} {
                puts stderr "$f: [read $fd]"
                close $fd
            }
        }
    }
    exit 1
}

# Start the shell on a new pty; print its PID for the caller's clean-up.
proc start_shell {} {
    global argv shell_pid spawn_id
    spawn -noecho {*}$argv
    set shell_pid [exp_pid]
    puts stderr "SHELL-PID $shell_pid"
    expect_after {
        timeout { fail "timed out (see the transcript above)" }
        eof { fail "the shell exited unexpectedly" }
    }
    wait_prompt
}

proc wait_prompt {} {
    global prompt
    expect -ex $prompt
}

# Fields of /proc/PID/stat, split after the last `)` (comm may hold spaces):
# a dict with comm, state, ppid, pgrp, session, tpgid; "" if there is no
# process.
proc pstat {pid} {
    if {[catch {open /proc/$pid/stat} f]} { return "" }
    set s [read $f]
    close $f
    set i [string last ")" $s]
    set comm [string range $s [expr {[string first "(" $s] + 1}] [expr {$i - 1}]]
    set rest [regexp -all -inline {\S+} [string range $s [expr {$i + 1}] end]]
    return [dict create comm $comm state [lindex $rest 0] ppid [lindex $rest 1] \
        pgrp [lindex $rest 2] session [lindex $rest 3] tpgid [lindex $rest 5]]
}

proc gone {pid} {
    set st [pstat $pid]
    return [expr {$st eq "" || [dict get $st state] in {Z X}}]
}

# Names (comm) of the live processes in process group PGRP, sorted.
proc group_comms {pgrp} {
    set out {}
    foreach pid [group_members $pgrp] {
        set st [pstat $pid]
        if {$st ne ""} { lappend out [dict get $st comm] }
    }
    return [lsort $out]
}

# PIDs of the live processes in process group PGRP.
proc group_members {pgrp} {
    set out {}
    foreach f [glob -nocomplain /proc/\[0-9\]*/stat] {
        set pid [lindex [file split $f] 2]
        set st [pstat $pid]
        if {$st ne "" && [dict get $st pgrp] == $pgrp && [dict get $st state] ni {Z X}} {
            lappend out $pid
        }
    }
    return $out
}

# Poll the Tcl expression COND (in the caller's scope) every 20 ms, for at
# most 10 s.
proc wait_until {what cond} {
    for {set i 0} {$i < 500} {incr i} {
        if {[uplevel 1 [list expr $cond]]} { return }
        after 20
    }
    fail "timed out waiting for $what"
}

# Wait until a foreground job holds the terminal: a group other than the
# shell's whose live processes are named COMMS (sorted), so every process
# has exec'd its command (and so has the default signal dispositions that
# Ctrl+C/Z/\ rely on). Return the job's process group.
proc wait_fg_job {args} {
    global shell_pid
    set want [lsort $args]
    for {set i 0} {$i < 500} {incr i} {
        set st [pstat $shell_pid]
        if {$st eq ""} { fail "the shell is gone" }
        set fg [dict get $st tpgid]
        if {$fg > 0 && $fg != [dict get $st pgrp] && [group_comms $fg] eq $want} {
            return $fg
        }
        after 20
    }
    fail "timed out waiting for a foreground job $want to hold the terminal"
}

# Best effort, at most 1 s: wait until the shell sleeps waiting for
# terminal input (a person pausing before a key at the prompt), so that the
# key does not arrive while the shell is still busy with what was typed
# before it. Never fails.
proc settle {} {
    global shell_pid
    for {set i 0} {$i < 100} {incr i} {
        set st [pstat $shell_pid]
        set wchan ""
        if {![catch {open /proc/$shell_pid/wchan} f]} {
            set wchan [read $f]
            close $f
        }
        if {$st ne "" && [dict get $st state] eq "S" && [regexp {poll|select|wait_woken|tty} $wchan]} {
            return
        }
        after 10
    }
}

# The shell holds the terminal (its group is the foreground group).
proc shell_has_terminal {} {
    global shell_pid
    set st [pstat $shell_pid]
    return [expr {$st ne "" && [dict get $st tpgid] == [dict get $st pgrp]}]
}

# Run `echo st=$?` and return the number.
proc last_status {} {
    send "echo st=\$?\r"
    expect -re {st=([0-9]+)\r\n}
    set st $expect_out(1,string)
    wait_prompt
    return $st
}
