# Background jobs and wait.
d=${TMPDIR:-/tmp}/jsh-example-jobs-$$
mkdir "$d" && cd "$d" || exit 1

sh -c 'exit 3' &
first=$!
sh -c 'exit 5' &
second=$!
wait $second
echo "second job exited with $?"
wait $first
echo "first job exited with $?"

echo "== writers in the background"
sh -c 'echo alpha > a' &
sh -c 'echo beta > b' &
wait
cat a b

echo "== a fifo needs both ends at once"
mkfifo pipe
cat pipe > got &
echo "sent through the fifo" > pipe
wait
cat got

echo "== pipeline stages run together"
echo "pipeline fifo" > pipe | cat pipe

cd /
rm -r "$d"
echo "== done"
