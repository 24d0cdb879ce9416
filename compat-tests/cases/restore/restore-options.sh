# desc: -R accepts no options or arguments (illegal option / unexpected argument, input not read)
printf -- '-A -t 10.0.0.240:80\n' | ipvsadm -R -n
echo "rc=$?"
printf -- '-A -t 10.0.0.241:80\n' | ipvsadm -R foo
echo "rc=$?"
printf -- '-A -t 10.0.0.242:80\n' | ipvsadm -R --sort
echo "rc=$?"
ipvsadm -Ln
