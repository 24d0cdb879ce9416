# desc: -R with empty input, or only blank lines, succeeds with rc 0
ipvsadm -R </dev/null
echo "rc=$?"
printf '\n\n' | ipvsadm -R
echo "rc=$?"
ipvsadm --restore </dev/null
echo "rc=$?"
