# Pipelines, and-or lists and exit statuses.
echo "== pipelines"
printf 'pear\napple\nfig\napple\n' | sort | uniq -c | sort -rn | head -n 1
echo 'hello, world' | tr a-z A-Z | tr -d ,
yes jsh | head -n 3 | wc -l
head -c 100000 /dev/zero | tr '\0' x | wc -c

echo "== statuses"
true | false
echo "true | false -> $?"
false | true
echo "false | true -> $?"
! false
echo "! false -> $?"
sh -c 'exit 7' | sh -c 'exit 9'
echo "last stage wins -> $?"

echo "== and-or"
true && echo "and runs after success"
false && echo "never printed"
false || echo "or runs after failure"
false && echo no || echo "fallback"
grep -q needle /dev/null ||
  echo "continued after a trailing ||"
echo one two three |
  wc -w
echo "== done"
