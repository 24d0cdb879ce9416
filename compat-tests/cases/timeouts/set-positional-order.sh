# desc: --set positionals may appear around -- and --sort (popt permutes); listing forms of --timeout (-l, --list, -n)
ipvsadm --set --sort 31 32 33
echo "rc=$?"
ipvsadm -l --timeout
ipvsadm --set 41 --sort 42 43
echo "rc=$?"
ipvsadm --list --timeout --numeric
ipvsadm --set 51 52 -- 53
echo "rc=$?"
ipvsadm -Ln --timeout
