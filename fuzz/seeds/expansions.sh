# Parameter expansion, quoting, field splitting and tilde expansion.
HOME=/home/example
name=world
empty=
spaced='  a   b  '
echo "== parameters"
echo "hello, $name" 'and not $name' "${name}wide"
echo "default: ${unset_var:-fallback} [${empty-kept empty}] [${empty:-was empty}]"
echo "assign: ${newvar=assigned} now $newvar"
echo "alternate: [${name:+set}] [${unset_var+set}]"
echo "length: ${#name} ${#empty}"
echo "== quoting"
echo "a \"quoted\" \$dollar and a \\ backslash"
echo 'single quotes keep $name and \ as is'
echo mixed"$name"'$name'\$name
echo "== field splitting"
printf '[%s]\n' $spaced
printf '[%s]\n' "$spaced"
printf '[%s]\n' $empty "$empty"
echo "== status"
false
echo "status after false: $?"
sh -c 'exit 42'
echo "status after exit 42: $?"
echo "== tilde"
echo ~ ~/bin "~" ~root
path=~/lib
echo "$path"
echo "== environment"
greeting=hi
sh -c 'echo "child sees greeting=[$greeting]"'
greeting=hey sh -c 'echo "prefix gives greeting=[$greeting]"'
export greeting
sh -c 'echo "after export greeting=[$greeting]"'
unset greeting
echo "after unset: [${greeting-unset}]"
