# Pathname expansion in a private temporary directory.
d=${TMPDIR:-/tmp}/jsh-example-globbing-$$
mkdir "$d" && cd "$d" || exit 1
touch b.txt a.txt c.log .hidden 'with space.txt'
mkdir sub
touch sub/one sub/two

echo "all: " *
echo "txt: " *.txt
echo "one char: " ?.txt
echo "class: " [ab].txt
echo "negated: " [!a].*
echo "hidden: " .h*
echo "subdir: " sub/*
echo "no match: " *.none
echo "quoted: " "*.txt" '?.log' \*
pattern='*.log'
echo "from variable: " $pattern "$pattern"
printf '<%s>\n' *space*

cd /
rm -r "$d"
