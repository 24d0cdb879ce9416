# desc: -s is not validated locally: unknown, upper-case and over-long names fail in the kernel (Scheduler or persistence engine not found)
ipvsadm -A -t 10.0.0.100:80 -s nosuch
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s RR
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s averyveryverylongschedulername
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -s ""
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 --scheduler wrr
echo "rc=$?"
ipvsadm -Ln
