# desc: -- ends option processing; later words are positionals (unexpected argument)
ipvsadm -L -n -- -x
echo "rc=$?"
ipvsadm -Ln -- foo bar
echo "rc=$?"
ipvsadm -A -- -t 10.0.0.100:80
echo "rc=$?"
ipvsadm -C --
echo "rc=$?"
ipvsadm -Ln --
echo "rc=$?"
