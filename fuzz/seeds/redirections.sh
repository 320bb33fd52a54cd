# Redirections, in a private temporary directory that is removed at the end.
d=${TMPDIR:-/tmp}/jsh-example-redirections-$$
mkdir "$d" && cd "$d" || exit 1

echo first > log
echo second >> log
cat < log
echo "== stderr into stdout"
sh -c 'echo to-out; echo to-err >&2' 2>&1 | sort
sh -c 'echo out; echo err >&2' > both 2>&1
sort both
echo "== order matters"
sh -c 'echo kept; echo hidden >&2' 2>/dev/null >only-out
cat only-out
echo "== numbered descriptors"
sh -c 'echo via-fd3 >&3' 3> fd3
cat fd3
printf 'line from fd 4\n' > input
cat 4< input 0<&4
echo "== &> and &>>"
sh -c 'echo o; echo e >&2' &> all
sh -c 'echo o2; echo e2 >&2' &>> all
sort all
echo "== builtins"
pwd > where
echo "stdout is back"
wc -l < where
cd /no/such/dir 2> err
echo "cd failed with status $?"
wc -l < err
exec 3>&2 2>/dev/null
echo hi > /no/such/dir/file
echo "failed redirection status $?"
exec 2>&3 3>&-
cd /
rm -r "$d"
echo "== done"
